using AeThexLive.Content.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Content.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ContentSliceTests(LocalPostgres postgres) : ServiceSliceTests<ContentDbContext>(postgres)
{
    protected override string DatabaseName => "contentdb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
        ["vods"] = ["idx_vods_stream_id"],
        ["clips"] = ["idx_clips_channel_id"],
    };
}
