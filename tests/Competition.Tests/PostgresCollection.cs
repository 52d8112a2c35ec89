using AeThexLive.TestSupport;

namespace AeThexLive.Competition.Tests;

/// <summary>One real PostgreSQL and one real Redis for the project's service-level tests, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<LocalPostgres>, ICollectionFixture<LocalRedis>
{
    public const string Name = "postgres";
}
