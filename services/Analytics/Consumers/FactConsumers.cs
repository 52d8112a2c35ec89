using AeThexLive.Analytics.Ingest;
using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Payments;
using AeThexLive.Contracts.Streaming;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AeThexLive.Analytics.Consumers;

// Analytics takes its events in batches, one transaction per batch, instead of one per event
// through the platform's InboxConsumer (which records each message id). It needs no inbox: every
// event becomes a fact keyed by what makes the fact itself unique (a message id, a donation id,
// a viewer's session start…) and written with ON CONFLICT DO NOTHING, so a redelivered batch, a
// replayed event or the same fact re-sent under a new message id changes nothing.

public sealed class StreamStartedFactsConsumer(FactWriter writer) : IConsumer<Batch<StreamStarted>>
{
    public Task Consume(ConsumeContext<Batch<StreamStarted>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.StreamsStarted), context.CancellationToken);
}

public sealed class StreamEndedFactsConsumer(FactWriter writer) : IConsumer<Batch<StreamEnded>>
{
    public Task Consume(ConsumeContext<Batch<StreamEnded>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.StreamsEnded), context.CancellationToken);
}

public sealed class ViewerCountFactsConsumer(FactWriter writer) : IConsumer<Batch<ViewerCountSampled>>
{
    public Task Consume(ConsumeContext<Batch<ViewerCountSampled>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.ViewerCounts), context.CancellationToken);
}

public sealed class ViewerSessionFactsConsumer(FactWriter writer) : IConsumer<Batch<ViewerSessionEnded>>
{
    public Task Consume(ConsumeContext<Batch<ViewerSessionEnded>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.ViewerSessions), context.CancellationToken);
}

public sealed class ChatMessageFactsConsumer(FactWriter writer) : IConsumer<Batch<ChatMessagePosted>>
{
    public Task Consume(ConsumeContext<Batch<ChatMessagePosted>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.ChatMessages), context.CancellationToken);
}

public sealed class FollowFactsConsumer(FactWriter writer) : IConsumer<Batch<ChannelFollowed>>
{
    public Task Consume(ConsumeContext<Batch<ChannelFollowed>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.Follows), context.CancellationToken);
}

public sealed class UnfollowFactsConsumer(FactWriter writer) : IConsumer<Batch<ChannelUnfollowed>>
{
    public Task Consume(ConsumeContext<Batch<ChannelUnfollowed>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.Unfollows), context.CancellationToken);
}

public sealed class SubscriptionFactsConsumer(FactWriter writer) : IConsumer<Batch<SubscriptionStarted>>
{
    public Task Consume(ConsumeContext<Batch<SubscriptionStarted>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.Subscriptions), context.CancellationToken);
}

public sealed class GiftFactsConsumer(FactWriter writer) : IConsumer<Batch<GiftSent>>
{
    public Task Consume(ConsumeContext<Batch<GiftSent>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.Gifts), context.CancellationToken);
}

public sealed class DonationFactsConsumer(FactWriter writer) : IConsumer<Batch<DonationCompleted>>
{
    public Task Consume(ConsumeContext<Batch<DonationCompleted>> context) =>
        writer.WriteAsync(FactBatch.Of(context.Message, b => b.Donations), context.CancellationToken);
}

/// <summary>
/// Batch size and time limit for a fact consumer, with enough prefetch and concurrency on its
/// endpoint for <see cref="AnalyticsOptions.BatchConcurrency"/> batches to fill at once: with
/// less, every batch would wait out its time limit half empty.
/// </summary>
public sealed class FactBatchDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private readonly AnalyticsOptions _options;

    public FactBatchDefinition(IOptions<AnalyticsOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.BatchMessageLimit * _options.BatchConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var capacity = _options.BatchMessageLimit * _options.BatchConcurrency;
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, capacity);
        endpointConfigurator.ConcurrentMessageLimit = capacity;
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_options.BatchMessageLimit)
            .SetTimeLimit(_options.BatchTimeLimit)
            .SetConcurrencyLimit(_options.BatchConcurrency));
    }
}
