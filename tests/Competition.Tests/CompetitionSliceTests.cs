using AeThexLive.Competition.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Competition.Tests;

[Collection(PostgresCollection.Name)]
public sealed class CompetitionSliceTests(LocalPostgres postgres) : ServiceSliceTests<CompetitionDbContext>(postgres)
{
    protected override string DatabaseName => "competitiondb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
    };
}
