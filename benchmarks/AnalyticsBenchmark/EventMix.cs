using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Payments;
using AeThexLive.Contracts.Streaming;

namespace AeThexLive.Benchmarks.Analytics;

/// <summary>
/// A busy evening's events for a set of live broadcasts, in the proportions a platform produces
/// them (mostly chat and viewers coming and going, then follows, donations, subscriptions, gifts),
/// with what Analytics must end up counting: each fact once, whatever is published twice.
/// </summary>
public sealed class EventMix(IReadOnlyList<(Guid StreamId, Guid ChannelId)> broadcasts, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<Guid, int> _samples = new();
    private readonly List<object> _sent = [];

    public long ChatMessages { get; private set; }
    public long Sessions { get; private set; }
    public long Samples { get; private set; }
    public long Follows { get; private set; }
    public long Unfollows { get; private set; }
    public long Donations { get; private set; }
    public long DonationCents { get; private set; }
    public long Subscriptions { get; private set; }
    public long Gifts { get; private set; }
    public long GiftedSubscriptions { get; private set; }

    public long Facts => ChatMessages + Sessions + Samples + Follows + Unfollows + Donations + Subscriptions + Gifts;

    /// <summary>The next event; about 2 % are an earlier event published again (a re-send under a new message id).</summary>
    public object Next(DateTime now)
    {
        if (_sent.Count > 100 && _random.NextDouble() < 0.02) return _sent[_random.Next(_sent.Count)];
        var (streamId, channelId) = broadcasts[_random.Next(broadcasts.Count)];
        var roll = _random.NextDouble();
        object next;
        if (roll < 0.55)
        {
            next = new ChatMessagePosted(Guid.CreateVersion7(), streamId, channelId, Guid.NewGuid(), now);
            ChatMessages++;
        }
        else if (roll < 0.80)
        {
            var watched = TimeSpan.FromSeconds(_random.Next(5, 600));
            next = new ViewerSessionEnded(streamId, channelId, $"a:viewer-{Guid.NewGuid():N}", null, now - watched, now, (int)watched.TotalSeconds);
            Sessions++;
        }
        else if (roll < 0.85)
        {
            // Each sample of a broadcast at its own moment, as Streaming takes one per broadcast and minute.
            var n = _samples[streamId] = _samples.GetValueOrDefault(streamId) + 1;
            next = new ViewerCountSampled(streamId, channelId, _random.Next(10, 5000), now.AddTicks(n * TimeSpan.TicksPerMicrosecond));
            Samples++;
        }
        else if (roll < 0.93)
        {
            next = new ChannelFollowed(channelId, Guid.NewGuid(), now);
            Follows++;
        }
        else if (roll < 0.95)
        {
            next = new ChannelUnfollowed(channelId, Guid.NewGuid(), now);
            Unfollows++;
        }
        else if (roll < 0.98)
        {
            var cents = _random.Next(100, 10_000);
            next = new DonationCompleted(Guid.NewGuid(), channelId, Guid.NewGuid(), "fan", cents, "USD", null, now);
            Donations++;
            DonationCents += cents;
        }
        else if (roll < 0.995)
        {
            next = new SubscriptionStarted(Guid.NewGuid(), channelId, Guid.NewGuid(), "fan", "basic", now);
            Subscriptions++;
        }
        else
        {
            var count = _random.Next(1, 11);
            next = new GiftSent(Guid.NewGuid(), channelId, Guid.NewGuid(), "fan", "basic", count, now);
            Gifts++;
            GiftedSubscriptions += count;
        }
        if (_sent.Count < 10_000) _sent.Add(next);
        else _sent[_random.Next(_sent.Count)] = next;
        return next;
    }
}

/// <summary>A message the size of a chat event that no service consumes: the publisher's own speed.</summary>
public sealed record BenchmarkNoise(Guid Id, Guid StreamId, Guid ChannelId, Guid UserId, DateTime At);
