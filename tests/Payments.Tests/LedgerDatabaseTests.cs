using AeThexLive.Payments.Data;
using AeThexLive.Payments.Ledger;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AeThexLive.Payments.Tests;

/// <summary>The ledger's guarantees come from PostgreSQL itself, so they hold for any code (or person) writing to it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerDatabaseTests(LocalPostgres postgres) : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("ledger");
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_balanced_payment_is_booked_and_the_creator_balance_follows_it()
    {
        var channel = Guid.NewGuid();
        await SaveAsync(Payment("pi_1:succeeded", channel, gross: 500, fee: 45));

        Assert.Equal(455, await ScalarAsync<long>($"SELECT pending_cents FROM channel_balances WHERE channel_id = '{channel}'"));
        await LedgerInvariants.AssertHoldAsync(_database);
    }

    [Fact]
    public async Task An_unbalanced_transaction_is_refused_at_commit_and_leaves_nothing()
    {
        var id = Guid.NewGuid();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            BEGIN;
            INSERT INTO ledger_transactions (id, business_key, kind, occurred_at, created_at)
                VALUES ('{id}', 'bad', 'donation', now(), now());
            INSERT INTO ledger_entries (id, transaction_id, account, amount_cents, currency)
                VALUES (gen_random_uuid(), '{id}', 'stripe_balance', 500, 'USD'), (gen_random_uuid(), '{id}', 'platform_revenue', -499, 'USD');
            COMMIT;
            """));

        Assert.Contains("does not balance", refused.MessageText);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM ledger_transactions"));
    }

    [Fact]
    public async Task Sums_are_checked_per_currency_and_a_single_entry_is_no_movement()
    {
        var mixed = Guid.NewGuid();
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            BEGIN;
            INSERT INTO ledger_transactions (id, business_key, kind, occurred_at, created_at)
                VALUES ('{mixed}', 'mixed', 'donation', now(), now());
            INSERT INTO ledger_entries (id, transaction_id, account, amount_cents, currency)
                VALUES (gen_random_uuid(), '{mixed}', 'stripe_balance', 500, 'USD'), (gen_random_uuid(), '{mixed}', 'platform_revenue', -500, 'EUR');
            COMMIT;
            """));
        var lonely = Guid.NewGuid();
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync($"""
            INSERT INTO ledger_transactions (id, business_key, kind, occurred_at, created_at)
                VALUES ('{lonely}', 'empty', 'donation', now(), now());
            """));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM ledger_transactions"));
    }

    [Fact]
    public async Task Booked_rows_cannot_be_updated_deleted_or_truncated()
    {
        await SaveAsync(Payment("pi_2:succeeded", Guid.NewGuid(), gross: 999, fee: 59));

        foreach (var statement in new[]
        {
            "UPDATE ledger_entries SET amount_cents = amount_cents * 2",
            "DELETE FROM ledger_entries",
            "UPDATE ledger_transactions SET business_key = 'other'",
            "DELETE FROM ledger_transactions",
            "TRUNCATE ledger_entries CASCADE",
            "UPDATE channel_balances SET pending_cents = 0",
            "DELETE FROM channel_balances",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(statement));
            Assert.Equal(PostgresErrorCodes.RestrictViolation, refused.SqlState);
        }
        Assert.Equal(940, await ScalarAsync<long>("SELECT sum(pending_cents) FROM channel_balances"));
        await LedgerInvariants.AssertHoldAsync(_database);
    }

    [Fact]
    public async Task A_business_key_books_once()
    {
        var channel = Guid.NewGuid();
        await SaveAsync(Payment("pi_3:succeeded", channel, gross: 100, fee: 33));

        var again = await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(Payment("pi_3:succeeded", channel, gross: 100, fee: 33)));

        Assert.True(AeThexLive.Messaging.DbErrors.IsUniqueViolation(again, "ledger_transactions"));
        Assert.Equal(67, await ScalarAsync<long>($"SELECT pending_cents FROM channel_balances WHERE channel_id = '{channel}'"));
    }

    [Fact]
    public async Task Due_shares_are_released_once_even_by_releases_running_together()
    {
        var channel = Guid.NewGuid();
        var at = DateTime.UtcNow.AddDays(-8);
        for (var i = 0; i < 5; i++) await SaveAsync(Payment($"pi_r{i}:succeeded", channel, gross: 1000, fee: 59, at, hold: TimeSpan.FromDays(7)));
        await SaveAsync(Payment("pi_recent:succeeded", channel, gross: 1000, fee: 59, DateTime.UtcNow, hold: TimeSpan.FromDays(7)));

        var released = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = Context();
            return await new PayableRelease(db).ReleaseDueAsync(DateTime.UtcNow, 100, CancellationToken.None);
        }));

        Assert.Equal(5, released.Sum());
        Assert.Equal(5 * 941, await ScalarAsync<long>($"SELECT available_cents FROM channel_balances WHERE channel_id = '{channel}'"));
        Assert.Equal(941, await ScalarAsync<long>($"SELECT pending_cents FROM channel_balances WHERE channel_id = '{channel}'"));
        await LedgerInvariants.AssertHoldAsync(_database);
    }

    [Theory]
    [InlineData(500, 45, 10_000, true, 455, 0)]
    [InlineData(100, 33, 10_000, true, 67, 0)]
    [InlineData(499, 44, 5_000, false, 249, 206)]
    [InlineData(2499, 102, 5_000, false, 1249, 1148)]
    [InlineData(999, 59, 3_333, true, 273, 667)]
    public void The_creator_share_is_rounded_down_and_the_parts_add_up_to_the_gross(
        long gross, long fee, int basisPoints, bool creatorBearsFee, long creator, long platformNet)
    {
        var split = RevenueSplit.Of(gross, fee, basisPoints, creatorBearsFee);

        Assert.Equal(creator, split.CreatorCents);
        Assert.Equal(platformNet, split.PlatformNetCents);
        Assert.Equal(gross, split.CreatorCents + split.PlatformNetCents + split.FeeCents);
    }

    private static LedgerTransaction Payment(string key, Guid channel, long gross, long fee, DateTime? at = null, TimeSpan? hold = null)
    {
        var when = at ?? DateTime.UtcNow;
        var builder = LedgerTransaction.Begin(key, "donation", when).For(channel, "donation", Guid.NewGuid());
        if (hold is { } wait) builder.HeldUntil(when + wait);
        return RevenueSplit.Of(gross, fee, 10_000, creatorBearsFee: true).PostTo(builder, channel, "usd").Build();
    }

    private async Task SaveAsync(LedgerTransaction transaction)
    {
        await using var db = Context();
        db.LedgerTransactions.Add(transaction);
        await db.SaveChangesAsync();
    }

    private PaymentsDbContext Context() => new(new DbContextOptionsBuilder<PaymentsDbContext>()
        .UseNpgsql(_database).UseSnakeCaseNamingConvention().Options);

    private Task ExecuteAsync(string sql) => DatabaseInspection.ExecuteAsync(_database, sql);

    private Task<T?> ScalarAsync<T>(string sql) => DatabaseInspection.ScalarAsync<T>(_database, sql);
}
