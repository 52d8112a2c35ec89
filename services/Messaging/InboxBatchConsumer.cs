using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging;

/// <summary>
/// <see cref="InboxConsumer{TMessage, TDbContext}"/> for an event that comes by the hundred (follows,
/// donations, subscriptions): a batch of messages in one transaction, their ids recorded together
/// (<see cref="InboxBatch"/>), so a redelivered message — alone, in another batch, or twice in this
/// one — has no second effect. One event at a time cost a transaction of four round trips each,
/// several at once per endpoint; under a crowd of events that was most of what Chat did (the
/// analytics benchmark's profile). Exceptions propagate: MassTransit retries the whole batch, and a
/// message that always fails takes its batch's other messages to the error queue with it (moving
/// them back applies those that were not applied, once).
/// </summary>
public abstract class InboxBatchConsumer<TMessage, TDbContext>(TDbContext db) : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TDbContext : MessagingDbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>The inbox's consumer name: the same as the per-message consumer this class replaced, so its records still count.</summary>
    private string ConsumerName => GetType().Name;

    public Task Consume(ConsumeContext<Batch<TMessage>> context) =>
        ConsumeAsync(context.Message.Select(m => (m.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId."), m.Message)).ToList(),
            context.CancellationToken);

    /// <summary>A batch as delivered, each message with its id.</summary>
    public async Task ConsumeAsync(IReadOnlyList<(Guid MessageId, TMessage Message)> batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<TMessage> fresh = [];
        await Db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            Db.ChangeTracker.Clear();
            await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await InboxBatch.ClaimAsync(Db, ConsumerName, batch.Select(m => m.MessageId), DateTime.UtcNow, cancellationToken);
            // In delivery order; the same message twice in one batch (a redelivery racing the first) counts once.
            fresh = batch.Where(m => claimed.Remove(m.MessageId)).Select(m => m.Message).ToList();
            if (fresh.Count > 0)
            {
                await HandleAsync(fresh, cancellationToken);
                await Db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        });
        if (fresh.Count > 0) await AfterCommitAsync(fresh, cancellationToken);
    }

    /// <summary>
    /// Applies the batch's new messages, in delivery order, to the tracked entities of <see cref="Db"/>;
    /// do not call SaveChanges. Look rows up with <c>FindAsync</c> (it sees what an earlier message of
    /// the batch added) rather than a query, which sees only what is in the database.
    /// </summary>
    protected abstract Task HandleAsync(IReadOnlyList<TMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Runs once the batch's effect has committed, with its new messages only: the place for side
    /// effects outside the database (pushes to clients). A failure here is not retried, since a
    /// retry would find the messages processed.
    /// </summary>
    protected virtual Task AfterCommitAsync(IReadOnlyList<TMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Batches for an <see cref="InboxBatchConsumer{TMessage, TDbContext}"/>: by default up to 100
/// messages, or what came within 20 ms of the first (an alert waits no longer than that for company),
/// one batch at a time per endpoint, so a burst is a few transactions in a row rather than many at
/// once contending for the same rows and connections. A busier event derives with its own sizes.
/// </summary>
public class InboxBatchDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly int _batchSize;
    private readonly TimeSpan _window;
    private readonly int _batches;

    public InboxBatchDefinition() : this(100, TimeSpan.FromMilliseconds(20), 1) { }

    /// <param name="batchSize">Messages in a batch at most.</param>
    /// <param name="window">How long a batch waits after its first message for more.</param>
    /// <param name="batches">Batches in flight at once; the prefetch fills them all.</param>
    protected InboxBatchDefinition(int batchSize, TimeSpan window, int batches)
    {
        (_batchSize, _window, _batches) = (batchSize, window, batches);
        ConcurrentMessageLimit = batchSize * batches;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, _batchSize * _batches);
        endpointConfigurator.ConcurrentMessageLimit = _batchSize * _batches;
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_batchSize)
            .SetTimeLimit(_window)
            .SetConcurrencyLimit(_batches));
    }
}
