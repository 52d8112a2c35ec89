using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Subscriptions;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StripeClient = Stripe.StripeClient;

namespace AeThexLive.Payments.Tests;

/// <summary>
/// Gifted subscriptions against real PostgreSQL: a paid gift gives its recipient one month that never renews, paid out like
/// a subscription; a recipient who subscribed in the meantime is not given a second one; a month that is up ends once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GiftedSubscriptionTests(LocalPostgres postgres) : IAsyncLifetime
{
    private readonly Guid _channel = Guid.NewGuid();
    private readonly Guid _gifter = Guid.NewGuid();
    private readonly Guid _recipient = Guid.NewGuid();
    private readonly DateTime _paidAt = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("giftedsubs");
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await LedgerInvariants.AssertHoldAsync(_database);

    [Fact]
    public async Task A_paid_gift_gives_its_recipient_one_month_that_never_renews_and_pays_the_creator_a_subscription_share_once()
    {
        var gift = await CheckoutAsync("sub_premium", 999);

        Assert.True(await CompleteAsync(gift, gross: 999, fee: 59));
        Assert.False(await CompleteAsync(gift, gross: 999, fee: 59));

        await using var db = Context();
        var subscription = Assert.Single(await db.Subscriptions.AsNoTracking().ToListAsync());
        Assert.Equal((_recipient, _channel, "premium", SubscriptionStatuses.Active), (subscription.SubscriberId, subscription.ChannelId,
            subscription.Tier, subscription.Status));
        Assert.False(subscription.AutoRenew);
        Assert.Null(subscription.StripeSubscriptionId);
        Assert.Equal(_paidAt.AddMonths(1), subscription.RenewalDate);
        Assert.Equal((gift, _gifter), (subscription.GiftId!.Value, subscription.GifterId!.Value));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions"));
        // The creator's subscription share (50 %) of the gross, the platform bearing Stripe's fee.
        Assert.Equal(499, await CountAsync($"SELECT pending_cents FROM channel_balances WHERE channel_id = '{_channel}'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SubscriptionStarted%' "
            + $"AND payload->>'gifterId' = '{_gifter}' AND payload->>'tier' = 'premium'"));
    }

    [Fact]
    public async Task A_gift_whose_recipient_subscribed_before_it_was_paid_gives_no_second_subscription_and_is_left_to_refund()
    {
        var gift = await CheckoutAsync("sub_basic", 499);
        await using (var db = Context())
        {
            db.Subscriptions.Add(Domain.Subscription.Gifted(Guid.NewGuid(), _recipient, "recipient", _channel, "vip", 2499, Guid.NewGuid(),
                Guid.NewGuid(), _paidAt.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        Assert.True(await CompleteAsync(gift, gross: 499, fee: 44));

        await using var check = Context();
        Assert.Equal(1, await check.Subscriptions.CountAsync());
        var stored = await check.Gifts.AsNoTracking().SingleAsync(g => g.Id == gift);
        Assert.Equal((PurchaseStatuses.Completed, 1, (string?)null), (stored.Status, stored.UnplacedCount, stored.UnplacedRefundId));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SubscriptionStarted%'"));
    }

    [Fact]
    public async Task A_gifted_month_runs_until_its_end_then_ends_once_however_many_workers_look()
    {
        var gift = await CheckoutAsync("sub_vip", 2499);
        await CompleteAsync(gift, gross: 2499, fee: 102);

        Assert.Equal(0, await ExpireAsync(_paidAt.AddDays(29)));
        var ends = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ExpireAsync(_paidAt.AddMonths(1).AddSeconds(1))));

        Assert.Equal(1, ends.Sum());
        await using var db = Context();
        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync();
        Assert.Equal(SubscriptionStatuses.Expired, subscription.Status);
        Assert.Equal(_paidAt.AddMonths(1), subscription.EndedAt);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SubscriptionEnded%'"));
        Assert.Equal(0, await ExpireAsync(_paidAt.AddMonths(2)));
    }

    private async Task<Guid> CheckoutAsync(string giftType, int unitPrice)
    {
        await using var db = Context();
        var gift = new Gift(Guid.CreateVersion7(), _gifter, "gifter", _channel, _recipient, "recipient", null, giftType, 1, unitPrice, "usd",
            null, Guid.NewGuid().ToString(), "hash", _paidAt.AddMinutes(-1));
        gift.AttachPaymentIntent($"pi_{gift.Id:N}", "secret");
        db.Gifts.Add(gift);
        await db.SaveChangesAsync();
        return gift.Id;
    }

    /// <summary>What the Stripe event processor does with a gift's payment_intent.succeeded, under the gift's lock.</summary>
    private async Task<bool> CompleteAsync(Guid giftId, long gross, long fee)
    {
        await using var db = Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var gift = (await db.LockAsync<Gift>(giftId, CancellationToken.None))!;
        if (!gift.Complete(gift.PaymentIntentId!, $"ch_{giftId:N}", _paidAt)) return false;
        var options = Options.Create(new PaymentsOptions());
        await new PaymentBooking(db, options).BookAsync(gift, gift.PaymentIntentId!, new Settlement($"ch_{giftId:N}", gross, fee, "usd"),
            _paidAt, CancellationToken.None);
        await Gifted(db).PlaceAsync(gift, "gifter", _paidAt, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return true;
    }

    private async Task<int> ExpireAsync(DateTime now)
    {
        await using var db = Context();
        return await Gifted(db).ExpireDueAsync(now, 100, CancellationToken.None);
    }

    private static GiftedSubscriptions Gifted(PaymentsDbContext db) => new(db,
        new StripePayments(new StripeClient("sk_test_unused", apiBase: "http://127.0.0.1:9"), Options.Create(new StripeSettings())),
        new PaymentReversals(db), NullLogger<GiftedSubscriptions>.Instance);

    private async Task<long> CountAsync(string sql) => await DatabaseInspection.ScalarAsync<long>(_database, sql);

    private PaymentsDbContext Context() => new(new DbContextOptionsBuilder<PaymentsDbContext>()
        .UseNpgsql(_database).UseSnakeCaseNamingConvention().Options);
}
