using AeThexLive.TestSupport;

namespace AeThexLive.Messaging.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<LocalPostgres>
{
    public const string Name = "postgres";
}
