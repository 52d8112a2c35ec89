using AeThexLive.Payments.Data;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Webhooks;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments.Tests;

/// <summary>
/// Refunds and disputes against real PostgreSQL: each refund or dispute id is booked once however many requests and
/// events tell of it, in whatever order, and the creator gives back exactly their share.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReversalTests(LocalPostgres postgres) : IAsyncLifetime
{
    private const string ChargeId = "ch_reversal_test";
    private readonly Guid _channel = Guid.NewGuid();
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("reversals");
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await LedgerInvariants.AssertHoldAsync(_database);

    [Fact]
    public async Task Three_partial_refunds_give_back_exactly_the_creators_share_and_leave_the_balance_where_it_was()
    {
        await PayAsync(gross: 3000, fee: 117);
        Assert.Equal(2883, await BalanceAsync());

        for (var i = 1; i <= 3; i++) await BookAsync(r => r.RefundAsync(ChargeId, $"re_part{i}", 1000, failed: false, DateTime.UtcNow, default));

        Assert.Equal(3, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE kind = 'refund'"));
        Assert.Equal("961,961,961", await CreatorBacksAsync());
        Assert.Equal(0, await BalanceAsync());
    }

    [Fact]
    public async Task A_refund_told_by_retried_requests_and_repeated_events_at_once_is_booked_once()
    {
        await PayAsync(gross: 2500, fee: 103);
        var refund = new Refund { Id = "re_once", ChargeId = ChargeId, Amount = 1000, Status = "succeeded", Created = DateTime.UtcNow };

        var requests = Enumerable.Range(0, 4)
            .Select(_ => BookAsync(r => r.RefundAsync(ChargeId, refund.Id, refund.Amount, failed: false, DateTime.UtcNow, default)));
        var events = Enumerable.Range(0, 8)
            .Select(i => ApplyAsync(Event($"evt_refund_{i % 4}", i % 2 == 0 ? ReversalEvents.RefundCreated : ReversalEvents.RefundUpdated, refund)));
        var booked = await Task.WhenAll(requests);
        await Task.WhenAll(events);

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE business_key = 're_once'"));
        Assert.Equal("958", await CreatorBacksAsync());
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM processed_webhook_events"));
        Assert.Equal(2500 - 103 - 958, await BalanceAsync());
        Assert.All(booked, outcome => Assert.NotEqual(ReversalOutcome.UnknownCharge, outcome));
    }

    [Fact]
    public async Task A_failed_refund_gives_the_money_back_even_when_its_stale_pending_event_arrives_last()
    {
        await PayAsync(gross: 2000, fee: 88);
        var pending = new Refund { Id = "re_fails", ChargeId = ChargeId, Amount = 2000, Status = "pending", Created = DateTime.UtcNow };
        var failed = new Refund { Id = "re_fails", ChargeId = ChargeId, Amount = 2000, Status = "failed", Created = DateTime.UtcNow };

        Assert.Equal(EventOutcome.Applied, await ApplyAsync(Event("evt_failed", ReversalEvents.RefundFailed, failed)));
        Assert.Equal(EventOutcome.Applied, await ApplyAsync(Event("evt_created", ReversalEvents.RefundCreated, pending)));
        Assert.Equal(EventOutcome.Duplicate, await ApplyAsync(Event("evt_failed", ReversalEvents.RefundFailed, failed)));

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE business_key = 're_fails'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE business_key = 're_fails:failed'"));
        Assert.Equal(2000 - 88, await BalanceAsync());
        Assert.Equal(0, await CountAsync("SELECT sum(e.amount_cents) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id "
            + "WHERE t.kind = 'refund' AND e.account = 'stripe_balance'"));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { 3, 2, 1, 0 })]
    [InlineData(new[] { 2, 0, 3, 1 })]
    public async Task A_won_disputes_events_in_any_order_and_twice_withdraw_once_and_reinstate_once(int[] order)
    {
        await PayAsync(gross: 2000, fee: 88);
        var withdrawal = new BalanceTransaction { Id = "txn_w", Amount = -2000, Fee = 1500, Currency = "usd" };
        var reinstatement = new BalanceTransaction { Id = "txn_r", Amount = 2000, Fee = 0, Currency = "usd" };
        var opened = Dispute("needs_response", withdrawal);
        var won = Dispute("won", withdrawal, reinstatement);
        Event[] events =
        [
            Event("evt_dp_created", ReversalEvents.DisputeCreated, opened),
            Event("evt_dp_withdrawn", ReversalEvents.DisputeFundsWithdrawn, opened),
            Event("evt_dp_reinstated", ReversalEvents.DisputeFundsReinstated, won),
            Event("evt_dp_closed", ReversalEvents.DisputeClosed, won),
        ];

        foreach (var i in order.Concat(order)) await ApplyAsync(events[i]);

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE business_key = 'dp_test:withdrawn'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE business_key = 'dp_test:reinstated'"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM processed_webhook_events"));
        Assert.Equal(2000 - 88, await BalanceAsync());
        // The platform bears Stripe's dispute fee, won or lost.
        Assert.Equal(88 + 1500, await CountAsync("SELECT sum(amount_cents) FROM ledger_entries WHERE account = 'stripe_fees'"));
    }

    [Fact]
    public async Task A_lost_dispute_takes_the_share_from_available_which_goes_negative_while_the_payment_is_on_hold()
    {
        await PayAsync(gross: 2000, fee: 88);
        var withdrawal = new BalanceTransaction { Id = "txn_w", Amount = -2000, Fee = 1500, Currency = "usd" };

        await ApplyAsync(Event("evt_dp_created", ReversalEvents.DisputeCreated, Dispute("needs_response", withdrawal)));
        await ApplyAsync(Event("evt_dp_closed", ReversalEvents.DisputeClosed, Dispute("lost", withdrawal)));

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE kind = 'dispute'"));
        Assert.Equal(2000 - 88, await CountAsync($"SELECT pending_cents FROM channel_balances WHERE channel_id = '{_channel}'"));
        Assert.Equal(-(2000 - 88), await CountAsync($"SELECT available_cents FROM channel_balances WHERE channel_id = '{_channel}'"));
        Assert.Equal(0, await BalanceAsync());
    }

    [Fact]
    public async Task An_event_about_a_charge_not_booked_yet_is_left_unrecorded_and_applies_once_the_payment_is()
    {
        var refund = new Refund { Id = "re_early", ChargeId = ChargeId, Amount = 500, Status = "succeeded", Created = DateTime.UtcNow };

        Assert.Equal(EventOutcome.Ignored, await ApplyAsync(Event("evt_early", ReversalEvents.RefundCreated, refund)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM processed_webhook_events"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM ledger_transactions"));

        await PayAsync(gross: 1000, fee: 59);
        Assert.Equal(EventOutcome.Applied, await ApplyAsync(Event("evt_early", ReversalEvents.RefundCreated, refund)));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE business_key = 're_early'"));
        Assert.Equal(941 - 941 * 500 / 1000, await BalanceAsync());
    }

    private static Dispute Dispute(string status, params BalanceTransaction[] movements) => new()
    {
        Id = "dp_test",
        ChargeId = ChargeId,
        Amount = 2000,
        Currency = "usd",
        Status = status,
        BalanceTransactions = [.. movements],
        Created = DateTime.UtcNow,
    };

    private static Event Event(string id, string type, IHasObject data) =>
        new() { Id = id, Type = type, Created = DateTime.UtcNow, Data = new EventData { Object = data } };

    private async Task PayAsync(long gross, long fee)
    {
        await using var db = Context();
        var at = DateTime.UtcNow;
        db.LedgerTransactions.Add(RevenueSplit.Of(gross, fee, 10_000, creatorBearsFee: true)
            .PostTo(LedgerTransaction.Begin("pi_reversal_test:succeeded", "donation", at).For(_channel, "donation", Guid.NewGuid())
                .PaidBy(ChargeId).HeldUntil(at.AddDays(7)), _channel, "usd").Build());
        await db.SaveChangesAsync();
    }

    private async Task<ReversalOutcome> BookAsync(Func<PaymentReversals, Task<ReversalOutcome>> book)
    {
        await using var db = Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var outcome = await book(new PaymentReversals(db));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return outcome;
    }

    private async Task<EventOutcome> ApplyAsync(Event stripeEvent)
    {
        await using var db = Context();
        // Refund and dispute events carry all they need: the client is only asked about charge.refunded, not sent here.
        var stripe = new StripePayments(new StripeClient("sk_test_unused", apiBase: "http://127.0.0.1:9"), Options.Create(new StripeSettings()));
        var events = new ReversalEvents(db, stripe, new PaymentReversals(db), TimeProvider.System, NullLogger<ReversalEvents>.Instance);
        return await events.ApplyAsync(stripeEvent, CancellationToken.None);
    }

    /// <summary>What each refund took back from the creator, in order of refund id.</summary>
    private Task<string?> CreatorBacksAsync() => DatabaseInspection.ScalarAsync<string>(_database, """
        SELECT string_agg(e.amount_cents::text, ',' ORDER BY t.business_key) FROM ledger_entries e
        JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.kind = 'refund' AND e.account = 'creator_available'
        """);

    /// <summary>What the creator is owed in all, pending and available.</summary>
    private async Task<long> BalanceAsync() =>
        await CountAsync($"SELECT coalesce(sum(pending_cents + available_cents), 0) FROM channel_balances WHERE channel_id = '{_channel}'");

    private async Task<long> CountAsync(string sql) => await DatabaseInspection.ScalarAsync<long>(_database, sql);

    private PaymentsDbContext Context() => new(new DbContextOptionsBuilder<PaymentsDbContext>()
        .UseNpgsql(_database).UseSnakeCaseNamingConvention().Options);
}
