using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace AeThexLive.Messaging;

/// <summary>Wakes the relay as soon as a unit of work with events commits, instead of at the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Notifies the relay after a save or commit that wrote outbox rows, and only then: every other
/// commit (an inbox record, a row without events, the relay's own marking of what it sent) used
/// to wake it for an empty run, and that run restarted the relay's <see cref="OutboxOptions.MinimumGap"/>,
/// so the next real event waited out the gap behind a run that published nothing.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) NotifyIfEvents(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) NotifyIfEvents(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfEvents(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyIfEvents(eventData.Context);

    // Rolled-back events were never written: the context's next commit wakes the relay only if it queues its own.
    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    private static void Forget(DbContext? context)
    {
        if (context is MessagingDbContext messaging) messaging.HasUnsignalledEvents = false;
    }

    private void NotifyIfEvents(DbContext? context)
    {
        if (context is not MessagingDbContext { HasUnsignalledEvents: true } messaging) return;
        messaging.HasUnsignalledEvents = false;
        signal.Notify();
    }
}
