using AeThexLive.Streaming.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Streaming.Tests;

[Collection(PostgresCollection.Name)]
public sealed class StreamingSliceTests(LocalPostgres postgres) : ServiceSliceTests<StreamingDbContext>(postgres)
{
    protected override string DatabaseName => "streamingdb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
        ["channels"] = ["idx_channels_user_id", "idx_channels_slug", "idx_channels_is_live"],
        ["streams"] = ["idx_streams_channel_id", "idx_streams_status"],
        ["followers"] = ["idx_followers_channel_id", "idx_followers_follower_id"],
    };
}
