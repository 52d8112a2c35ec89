using Xunit;

namespace AeThexLive.TestSupport;

/// <summary>
/// What must hold in Payments' database after anything at all has happened: every ledger transaction has two or more
/// entries that sum to zero per currency, and every channel's balance row equals the sum of its creator entries.
/// </summary>
public static class LedgerInvariants
{
    public static async Task AssertHoldAsync(string paymentsConnectionString)
    {
        var unbalanced = await DatabaseInspection.ScalarAsync<long>(paymentsConnectionString, """
            SELECT count(*) FROM (
                SELECT t.id FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
                GROUP BY t.id HAVING count(e.id) < 2
                UNION
                SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount_cents) <> 0
            ) AS broken
            """);
        Assert.True(unbalanced == 0, $"{unbalanced} ledger transactions do not balance");

        var drifted = await DatabaseInspection.ScalarAsync<long>(paymentsConnectionString, """
            SELECT count(*) FROM (
                SELECT channel_id, currency,
                       -sum(amount_cents) FILTER (WHERE account = 'creator_pending') AS pending,
                       -sum(amount_cents) FILTER (WHERE account = 'creator_available') AS available
                FROM ledger_entries WHERE channel_id IS NOT NULL GROUP BY channel_id, currency
            ) AS sums
            FULL JOIN channel_balances b USING (channel_id, currency)
            WHERE b.channel_id IS NULL OR sums.channel_id IS NULL
               OR coalesce(sums.pending, 0) <> b.pending_cents OR coalesce(sums.available, 0) <> b.available_cents
            """);
        Assert.True(drifted == 0, $"{drifted} channel balances differ from the sum of their entries");
    }
}
