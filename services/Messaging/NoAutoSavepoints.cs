using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AeThexLive.Messaging;

/// <summary>
/// Turns off EF's automatic savepoint for the transactions our code opens. By default every SaveChanges inside a
/// transaction is wrapped in <c>SAVEPOINT</c> … <c>RELEASE SAVEPOINT</c>, two more round trips and statements per save,
/// so that a failed save could be rolled back alone and the transaction carried on. No code of ours carries on:
/// a failed save rolls its transaction back (a duplicate key means "someone else did it first", answered outside the
/// transaction). A donation saves twice in its transaction; in a <c>perf</c> profile of the payments benchmark the
/// savepoints were 13 % of Payments' CPU. Without them a failed save leaves PostgreSQL's transaction aborted, so code
/// that wants to go on after one must take its own savepoint (<c>CreateSavepointAsync</c>).
/// </summary>
internal sealed class NoAutoSavepoints : IDbTransactionInterceptor
{
    public void TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result) => TurnOff(eventData);

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        TurnOff(eventData);
        return ValueTask.FromResult(result);
    }

    // The flag is the context's, and a pooled context has it set back to EF's default when it returns to the pool.
    private static void TurnOff(TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) context.Database.AutoSavepointsEnabled = false;
    }
}
