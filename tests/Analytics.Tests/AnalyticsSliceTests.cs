using AeThexLive.Analytics.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Analytics.Tests;

[Collection(PostgresCollection.Name)]
public sealed class AnalyticsSliceTests(LocalPostgres postgres) : ServiceSliceTests<AnalyticsDbContext>(postgres)
{
    protected override string DatabaseName => "analyticsdb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
    };
}
