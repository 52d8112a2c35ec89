using AeThexLive.TestSupport;

namespace AeThexLive.Analytics.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<LocalPostgres>
{
    public const string Name = "postgres";
}
