using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Messaging;

/// <summary>
/// The inbox of <see cref="InboxConsumer{TMessage, TDbContext}"/> for a batch of messages: their
/// ids are recorded in one statement inside the caller's transaction, and only the ones not seen
/// before come back. A batch redelivered, or overlapping one in flight (the unique key makes the
/// second wait for the first to commit), has no second effect.
/// </summary>
public static class InboxBatch
{
    /// <returns>The ids among <paramref name="messageIds"/> that this transaction is the first to record.</returns>
    public static async Task<HashSet<Guid>> ClaimAsync(MessagingDbContext db, string consumer, IEnumerable<Guid> messageIds, DateTime now,
        CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("A batch's message ids are recorded inside the transaction that applies it.");
        await using var command = new NpgsqlCommand("""
            INSERT INTO processed_messages (message_id, consumer, processed_at)
            SELECT DISTINCT id, @consumer, @now FROM unnest(@ids) AS id ORDER BY 1
            ON CONFLICT DO NOTHING
            RETURNING message_id
            """, (NpgsqlConnection)db.Database.GetDbConnection(), transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = messageIds.ToArray() });
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.Add(SqlTimestamp.Of(now, "now"));
        var claimed = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) claimed.Add(reader.GetGuid(0));
        return claimed;
    }
}
