using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Payments;
using AeThexLive.Contracts.Streaming;
using MassTransit;

namespace AeThexLive.Analytics.Ingest;

/// <summary>The events of one batch, by kind, written together by <see cref="FactWriter"/> in one transaction.</summary>
public sealed class FactBatch
{
    public List<StreamStarted> StreamsStarted { get; } = [];
    public List<StreamEnded> StreamsEnded { get; } = [];
    public List<ViewerCountSampled> ViewerCounts { get; } = [];
    public List<ViewerSessionEnded> ViewerSessions { get; } = [];
    public List<ChatMessagePosted> ChatMessages { get; } = [];
    public List<ChannelFollowed> Follows { get; } = [];
    public List<ChannelUnfollowed> Unfollows { get; } = [];
    public List<SubscriptionStarted> Subscriptions { get; } = [];
    public List<GiftSent> Gifts { get; } = [];
    public List<DonationCompleted> Donations { get; } = [];

    public int Count => StreamsStarted.Count + StreamsEnded.Count + ViewerCounts.Count + ViewerSessions.Count + ChatMessages.Count
        + Follows.Count + Unfollows.Count + Subscriptions.Count + Gifts.Count + Donations.Count;

    /// <summary>A batch of one kind, as a MassTransit batch consumer receives it.</summary>
    public static FactBatch Of<T>(Batch<T> messages, Func<FactBatch, List<T>> kind) where T : class
    {
        var batch = new FactBatch();
        var list = kind(batch);
        foreach (var context in messages) list.Add(context.Message);
        return batch;
    }
}
