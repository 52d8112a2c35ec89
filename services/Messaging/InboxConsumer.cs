using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging;

/// <summary>
/// Base for consumers whose effect lives in the service's database. The effect and the
/// record of the message id commit in one transaction, so a redelivered message (the
/// relay retried, the broker redelivered, a second replica raced) has no second effect.
/// Exceptions propagate: MassTransit retries, then moves the message to the error queue.
/// </summary>
public abstract class InboxConsumer<TMessage, TDbContext>(TDbContext db) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : MessagingDbContext
{
    protected TDbContext Db { get; } = db;

    private string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId.");

        await BeforeTransactionAsync(context.Message, context);
        var committed = false;
        await Db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            Db.ChangeTracker.Clear();
            await using var transaction = await Db.Database.BeginTransactionAsync(context.CancellationToken);
            var seen = await Db.ProcessedMessages
                .AnyAsync(m => m.MessageId == messageId && m.Consumer == ConsumerName, context.CancellationToken);
            if (seen) return;

            await HandleAsync(context.Message, context);
            Db.ProcessedMessages.Add(new ProcessedMessage(messageId, ConsumerName, DateTime.UtcNow));
            try
            {
                await Db.SaveChangesAsync(context.CancellationToken);
                await transaction.CommitAsync(context.CancellationToken);
                committed = true;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation("processed_messages"))
            {
                // Another delivery of the same message committed first: its effect stands, ours is dropped.
                await transaction.RollbackAsync(CancellationToken.None);
            }
        });
        if (committed) await AfterCommitAsync(context.Message, context);
    }

    /// <summary>
    /// Runs before the transaction opens, on every delivery: the place to wait for room downstream (back-pressure)
    /// without holding a transaction or its locks meanwhile.
    /// </summary>
    protected virtual Task BeforeTransactionAsync(TMessage message, ConsumeContext<TMessage> context) => Task.CompletedTask;

    /// <summary>Applies the message to the tracked entities of <see cref="Db"/>; do not call SaveChanges.</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);

    /// <summary>
    /// Runs once this delivery's effect has committed, and never for a duplicate: the place for
    /// side effects outside the database (pushes to clients). A failure here is not retried,
    /// since a retry would find the message processed.
    /// </summary>
    protected virtual Task AfterCommitAsync(TMessage message, ConsumeContext<TMessage> context) => Task.CompletedTask;
}
