using AeThexLive.TestSupport;

namespace AeThexLive.Competition.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<LocalPostgres>
{
    public const string Name = "postgres";
}
