using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AeThexLive.Competition.Consumers;

/// <summary>
/// Feeds a channel's built-in boards from an event: PostgreSQL in the inbox's transaction (so a
/// redelivered event counts once), Redis after the commit. The event's own time picks the period.
/// </summary>
public abstract class BuiltInScoreConsumer<TEvent>(CompetitionDbContext db, ScoreRecorder recorder, TimeProvider clock)
    : InboxConsumer<TEvent, CompetitionDbContext>(db)
    where TEvent : class
{
    private List<PendingRaise> _raises = [];

    /// <summary>Which board, whose score, how much, when; null when the event counts for no one (a guest's donation).</summary>
    protected abstract (Guid ChannelId, string Kind, Guid UserId, long Amount, DateTime At)? Score(TEvent message);

    protected override async Task HandleAsync(TEvent message, ConsumeContext<TEvent> context)
    {
        _raises = [];
        if (Score(message) is not { } score || score.Amount <= 0) return;
        _raises = await recorder.AddFromEventAsync(score.ChannelId, score.Kind, score.UserId, score.Amount, score.At, clock.GetUtcNow().UtcDateTime,
            context.CancellationToken);
    }

    protected override Task AfterCommitAsync(TEvent message, ConsumeContext<TEvent> context) => recorder.ApplyAsync(_raises, context.CancellationToken);
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

/// <summary>Each message posted counts one for its author on the channel's top chatters boards.</summary>
public sealed class ChatMessageScoreConsumer(CompetitionDbContext db, ScoreRecorder recorder, TimeProvider clock)
    : BuiltInScoreConsumer<ChatMessagePosted>(db, recorder, clock)
{
    protected override (Guid, string, Guid, long, DateTime)? Score(ChatMessagePosted m) =>
        (m.ChannelId, LeaderboardKinds.TopChatters, m.UserId, 1, m.PostedAt);
}
