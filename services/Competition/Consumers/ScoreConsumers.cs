using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Competition.Consumers;

/// <summary>
/// Feeds a channel's built-in boards from events: PostgreSQL in the inbox's transaction (so a
/// redelivered event counts once), Redis after the commit. The event's own time picks the period.
/// Events come in batches (a raid's gifts, a hype train's donations): one transaction and one
/// statement per batch, every donor's amount summed per board and period.
/// </summary>
public abstract class BuiltInScoreConsumer<TEvent>(CompetitionDbContext db, ScoreRecorder recorder, TimeProvider clock)
    : InboxBatchConsumer<TEvent, CompetitionDbContext>(db)
    where TEvent : class
{
    private List<PendingRaise> _raises = [];

    /// <summary>Which board, whose score, how much, when; null when the event counts for no one (a guest's donation).</summary>
    protected abstract (Guid ChannelId, string Kind, Guid UserId, long Amount, DateTime At)? Score(TEvent message);

    protected override async Task HandleAsync(IReadOnlyList<TEvent> messages, CancellationToken cancellationToken)
    {
        _raises = [];
        var now = clock.GetUtcNow().UtcDateTime;
        var scores = messages.Select(Score).Where(s => s is not null).Select(s => s!.Value).ToList();
        foreach (var kind in scores.GroupBy(s => s.Kind))
        {
            var events = kind.Select(s => new EventScore(s.ChannelId, s.UserId, s.Amount, s.At)).ToList();
            _raises.AddRange(await recorder.AddFromEventsAsync(kind.Key, events, now, cancellationToken));
        }
    }

    protected override Task AfterCommitAsync(IReadOnlyList<TEvent> messages, CancellationToken cancellationToken) =>
        recorder.ApplyAsync(_raises, cancellationToken);
}

/// <summary>Cents donated count for the donor on the channel's top supporters boards.</summary>
public sealed class DonationScoreConsumer(CompetitionDbContext db, ScoreRecorder recorder, TimeProvider clock)
    : BuiltInScoreConsumer<DonationCompleted>(db, recorder, clock)
{
    protected override (Guid, string, Guid, long, DateTime)? Score(DonationCompleted m) =>
        m.DonorId is { } donor ? (m.ChannelId, LeaderboardKinds.TopSupporters, donor, m.AmountCents, m.CompletedAt) : null;
}

/// <summary>Paid gifts count for the sender on the channel's top supporters boards, at the catalogue's price (GiftSent carries no amount).</summary>
public sealed partial class GiftScoreConsumer(
    CompetitionDbContext db, ScoreRecorder recorder, TimeProvider clock, IOptions<LeaderboardOptions> options, ILogger<GiftScoreConsumer> logger)
    : BuiltInScoreConsumer<GiftSent>(db, recorder, clock)
{
    protected override (Guid, string, Guid, long, DateTime)? Score(GiftSent m)
    {
        if (!options.Value.GiftPriceCents.TryGetValue(m.Tier, out var cents))
        {
            LogUnknownGift(m.Tier, m.GiftId);
            return null;
        }
        return (m.ChannelId, LeaderboardKinds.TopSupporters, m.SenderId, cents * Math.Max(0, m.Count), m.SentAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gift {GiftId} of unknown kind '{Tier}' has no price here; it does not count for top supporters")]
    private partial void LogUnknownGift(string tier, Guid giftId);
}

/// <summary>
/// Each message posted counts one for its author on the channel's top chatters boards. Chat is
/// the busiest event there is (a big room posts hundreds a second, and Analytics reads the same
/// stream): every author's count is added once per board and period for the whole batch.
/// </summary>
public sealed class ChatMessageScoreConsumer(CompetitionDbContext db, ScoreRecorder recorder, TimeProvider clock)
    : BuiltInScoreConsumer<ChatMessagePosted>(db, recorder, clock)
{
    protected override (Guid, string, Guid, long, DateTime)? Score(ChatMessagePosted m) =>
        (m.ChannelId, LeaderboardKinds.TopChatters, m.UserId, 1, m.PostedAt);
}

/// <summary>
/// Chat messages in batches of up to 200 or whatever came in half a second, two batches at once. A
/// busy room's chatters climb the board within half a second, and a room at 20 messages a second
/// costs two transactions a second, not twenty: chat and its fan-out share the cores with this consumer.
/// </summary>
public sealed class ChatMessageScoreDefinition() : InboxBatchDefinition<ChatMessageScoreConsumer>(200, TimeSpan.FromMilliseconds(500), 2);
