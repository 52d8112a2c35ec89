using AeThexLive.TestSupport;

namespace AeThexLive.Payments.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<LocalPostgres>
{
    public const string Name = "postgres";
}
