using AeThexLive.Analytics.Ingest;
using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Payments;
using AeThexLive.Contracts.Streaming;

namespace AeThexLive.Analytics.Tests;

/// <summary>
/// One channel's evening and next morning, as the platform's events tell it:
/// broadcast one from 22:30 to 00:30 UTC (across an hour and a UTC midnight), broadcast two from
/// 10:15 to 10:45 the next day, viewers joining and leaving (one before the start, one staying past
/// the end), samples, chat, follows, an unfollow, a donation, a subscription and a gift.
/// The expected rows in <see cref="ScenarioTests"/> are worked out by hand from these times.
/// </summary>
internal static class Scenario
{
    public static readonly Guid ChannelId = Guid.Parse("0197a000-0000-7000-8000-00000000c4a1");
    public static readonly Guid OwnerId = Guid.Parse("0197a000-0000-7000-8000-0000000000a0");
    public static readonly Guid First = Guid.Parse("0197a000-0000-7000-8000-000000000051");
    public static readonly Guid Second = Guid.Parse("0197a000-0000-7000-8000-000000000052");

    public static readonly Guid User1 = Guid.Parse("0197a000-0000-7000-8000-000000000001");
    public static readonly Guid User2 = Guid.Parse("0197a000-0000-7000-8000-000000000002");
    public static readonly Guid User3 = Guid.Parse("0197a000-0000-7000-8000-000000000003");
    public static readonly Guid User5 = Guid.Parse("0197a000-0000-7000-8000-000000000005");

    public static DateTime Nov20(int hour, int minute, int second = 0) => new(2026, 11, 20, hour, minute, second, DateTimeKind.Utc);

    public static DateTime Nov21(int hour, int minute, int second = 0) => new(2026, 11, 21, hour, minute, second, DateTimeKind.Utc);

    /// <summary>Every event once, in the order they happened.</summary>
    public static IReadOnlyList<object> Events()
    {
        var (start1, end1) = (Nov20(22, 30), Nov21(0, 30));
        var (start2, end2) = (Nov21(10, 15), Nov21(10, 45));
        return
        [
            new StreamStarted(First, ChannelId, OwnerId, "evening", "Evening", "Late show", "Games", [], "/hls/evening/index.m3u8", start1),
            new ChannelFollowed(ChannelId, User1, Nov20(22, 35)),
            new ViewerCountSampled(First, ChannelId, 1, Nov20(22, 31)),
            new ViewerSessionEnded(First, ChannelId, "a:early-bird", null, Nov20(22, 20), Nov20(22, 35), 900),
            new ChatMessagePosted(Id(1), First, ChannelId, User1, Nov20(22, 45)),
            new ChatMessagePosted(Id(2), First, ChannelId, User2, Nov20(22, 46)),
            new ViewerCountSampled(First, ChannelId, 3, Nov20(22, 51)),
            new ChatMessagePosted(Id(3), First, ChannelId, User1, Nov20(23, 10)),
            new DonationCompleted(Id(100), ChannelId, User2, "two", 500, "USD", "gg", Nov20(23, 15)),
            new ViewerSessionEnded(First, ChannelId, $"u:{User1}", User1, Nov20(22, 40), Nov20(23, 20), 2400),
            new ViewerCountSampled(First, ChannelId, 1, Nov20(23, 30)),
            new ViewerCountSampled(First, ChannelId, 2, Nov20(23, 55)),
            new ChatMessagePosted(Id(4), First, ChannelId, User1, Nov20(23, 59, 59)),
            new ChatMessagePosted(Id(5), First, ChannelId, User3, Nov21(0, 0)),
            new ViewerCountSampled(First, ChannelId, 2, Nov21(0, 5)),
            new ViewerSessionEnded(First, ChannelId, "a:night-owl", null, Nov20(22, 50), Nov21(0, 10), 4800),
            new ChannelFollowed(ChannelId, User2, Nov21(0, 10)),
            new ViewerSessionEnded(First, ChannelId, $"u:{User1}", User1, Nov20(23, 50), Nov21(0, 20), 1800),
            new ChatMessagePosted(Id(6), First, ChannelId, User2, Nov21(0, 29)),
            new StreamEnded(First, ChannelId, OwnerId, "evening", "Late show", start1, end1, 7200, 4, 4, []),
            // Heard after the end (the player kept heartbeating through the reconnect grace): cut at the end.
            new ViewerCountSampled(First, ChannelId, 9, Nov21(0, 35)),
            new ViewerSessionEnded(First, ChannelId, "a:latecomer", null, Nov21(0, 25), Nov21(0, 40), 900),
            new ChannelUnfollowed(ChannelId, User1, Nov21(9, 0)),
            new StreamStarted(Second, ChannelId, OwnerId, "evening", "Evening", "Morning", "Games", [], "/hls/evening/index.m3u8", start2),
            new ViewerCountSampled(Second, ChannelId, 2, Nov21(10, 20)),
            new SubscriptionStarted(Id(200), ChannelId, User5, "five", "basic", Nov21(10, 20)),
            new ChatMessagePosted(Id(7), Second, ChannelId, User5, Nov21(10, 25)),
            new GiftSent(Id(300), ChannelId, User3, "three", "basic", 3, Nov21(10, 30)),
            new ViewerSessionEnded(Second, ChannelId, "a:anon-six", null, Nov21(10, 20), Nov21(10, 30), 600),
            new ViewerSessionEnded(Second, ChannelId, $"u:{User5}", User5, Nov21(10, 16), Nov21(10, 44), 1680),
            new StreamEnded(Second, ChannelId, OwnerId, "evening", "Morning", start2, end2, 1800, 5, 2, []),
            new ChannelFollowed(ChannelId, Guid.Parse("0197a000-0000-7000-8000-000000000009"), Nov21(12, 0)),
        ];
    }

    private static Guid Id(int n) => Guid.Parse($"0197a000-0000-7000-8000-{n:D12}");

    /// <summary>Puts events of any kinds into one batch, as several consumers' batches would bring them.</summary>
    public static FactBatch Batch(IEnumerable<object> events)
    {
        var batch = new FactBatch();
        foreach (var e in events)
        {
            switch (e)
            {
                case StreamStarted m: batch.StreamsStarted.Add(m); break;
                case StreamEnded m: batch.StreamsEnded.Add(m); break;
                case ViewerCountSampled m: batch.ViewerCounts.Add(m); break;
                case ViewerSessionEnded m: batch.ViewerSessions.Add(m); break;
                case ChatMessagePosted m: batch.ChatMessages.Add(m); break;
                case ChannelFollowed m: batch.Follows.Add(m); break;
                case ChannelUnfollowed m: batch.Unfollows.Add(m); break;
                case SubscriptionStarted m: batch.Subscriptions.Add(m); break;
                case GiftSent m: batch.Gifts.Add(m); break;
                case DonationCompleted m: batch.Donations.Add(m); break;
                default: throw new ArgumentException($"Not an analytics event: {e.GetType().Name}");
            }
        }
        return batch;
    }
}
