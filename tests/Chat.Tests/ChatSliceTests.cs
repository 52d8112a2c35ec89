using AeThexLive.Chat.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Chat.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ChatSliceTests(LocalPostgres postgres) : ServiceSliceTests<ChatDbContext>(postgres)
{
    protected override string DatabaseName => "chatdb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
        ["chat_messages"] = ["idx_chat_messages_stream_id"],
    };
}
