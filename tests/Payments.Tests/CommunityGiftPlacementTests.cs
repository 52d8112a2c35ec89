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
/// Community gifts against real PostgreSQL: the viewers drawn at checkout each get one gifted month when the payment lands,
/// once however often it is told; whoever subscribed in the meantime gets none and is counted for the refund.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CommunityGiftPlacementTests(LocalPostgres postgres) : IAsyncLifetime
{
    private readonly Guid _channel = Guid.NewGuid();
    private readonly Guid _owner = Guid.NewGuid();
    private readonly Guid _gifter = Guid.NewGuid();
    private readonly DateTime _paidAt = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("communitygifts");
        await using var db = Context();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await LedgerInvariants.AssertHoldAsync(_database);

    [Fact]
    public async Task Each_drawn_viewer_gets_one_gifted_month_and_a_replayed_payment_changes_nothing()
    {
        var viewers = Viewers(3);
        var gift = await CheckoutAsync(viewers, "sub_premium", 999);

        Assert.True(await CompleteAsync(gift, gross: 2997, fee: 117));
        Assert.False(await CompleteAsync(gift, gross: 2997, fee: 117));

        await using var db = Context();
        var subscriptions = await db.Subscriptions.AsNoTracking().OrderBy(s => s.SubscriberName).ToListAsync();
        Assert.Equal(viewers.Select(v => v.UserId).Order(), subscriptions.Select(s => s.SubscriberId).Order());
        Assert.All(subscriptions, s => Assert.Equal(("premium", SubscriptionStatuses.Active, false, gift, _gifter, _paidAt.AddMonths(1)),
            (s.Tier, s.Status, s.AutoRenew, s.GiftId!.Value, s.GifterId!.Value, s.RenewalDate!.Value)));
        Assert.Equal(viewers.Select(v => v.Username).Order(), subscriptions.Select(s => s.SubscriberName));
        Assert.Equal(0, (await db.Gifts.AsNoTracking().SingleAsync()).UnplacedCount);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_transactions"));
        // The subscription share (50 %) of 3 × 999, the platform bearing Stripe's fee.
        Assert.Equal(1498, await CountAsync($"SELECT pending_cents FROM channel_balances WHERE channel_id = '{_channel}'"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SubscriptionStarted%' "
            + $"AND payload->>'gifterId' = '{_gifter}'"));
    }

    [Fact]
    public async Task A_drawn_viewer_who_subscribed_before_the_payment_gets_no_second_subscription_and_is_counted_unplaced()
    {
        var viewers = Viewers(5);
        var gift = await CheckoutAsync(viewers, "sub_basic", 499);
        var (subscriber, _) = viewers[2];
        await using (var db = Context())
        {
            db.Subscriptions.Add(Domain.Subscription.Gifted(Guid.NewGuid(), subscriber, "early", _channel, "vip", 2499, Guid.NewGuid(),
                Guid.NewGuid(), _paidAt.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        Assert.True(await CompleteAsync(gift, gross: 2495, fee: 102));

        await using var check = Context();
        Assert.Equal(1, await check.Subscriptions.CountAsync(s => s.SubscriberId == subscriber));
        Assert.Equal(4, await check.Subscriptions.CountAsync(s => s.GiftId == gift));
        var stored = await check.Gifts.AsNoTracking().SingleAsync(g => g.Id == gift);
        Assert.Equal((PurchaseStatuses.Completed, 1, (string?)null), (stored.Status, stored.UnplacedCount, stored.UnplacedRefundId));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SubscriptionStarted%'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SubscriptionStarted%' "
            + $"AND payload->>'userId' = '{subscriber}'"));
    }

    [Fact]
    public async Task Only_a_community_gift_takes_drawn_viewers_and_only_as_many_as_it_buys()
    {
        var named = new Gift(Guid.CreateVersion7(), _gifter, "gifter", _channel, Guid.NewGuid(), "fan", null, "sub_basic", 1, 499, "usd",
            null, "k1", "hash", _paidAt);
        var community = NewCommunityGift(2, "sub_basic", 499);

        Assert.Throws<InvalidOperationException>(() => named.ChooseRecipients(Viewers(1)));
        Assert.Throws<InvalidOperationException>(() => community.ChooseRecipients(Viewers(3)));
        community.ChooseRecipients(Viewers(2));
        Assert.Equal([0, 1], community.ChosenRecipients.Select(r => r.Position));
    }

    private static List<(Guid UserId, string Username)> Viewers(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (Guid.NewGuid(), $"viewer{i}"))];

    private Gift NewCommunityGift(int quantity, string giftType, int unitPrice) => new(Guid.CreateVersion7(), _gifter, "gifter", _channel,
        _owner, null, Guid.NewGuid(), giftType, quantity, unitPrice, "usd", null, Guid.NewGuid().ToString(), "hash", _paidAt.AddMinutes(-1));

    private async Task<Guid> CheckoutAsync(List<(Guid UserId, string Username)> viewers, string giftType, int unitPrice)
    {
        await using var db = Context();
        var gift = NewCommunityGift(viewers.Count, giftType, unitPrice);
        gift.ChooseRecipients(viewers);
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
        await new PaymentBooking(db, Options.Create(new PaymentsOptions())).BookAsync(gift, gift.PaymentIntentId!,
            new Settlement($"ch_{giftId:N}", gross, fee, "usd"), _paidAt, CancellationToken.None);
        await new GiftedSubscriptions(db,
                new StripePayments(new StripeClient("sk_test_unused", apiBase: "http://127.0.0.1:9"), Options.Create(new StripeSettings())),
                new PaymentReversals(db), NullLogger<GiftedSubscriptions>.Instance)
            .PlaceAsync(gift, "gifter", _paidAt, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return true;
    }

    private async Task<long> CountAsync(string sql) => await DatabaseInspection.ScalarAsync<long>(_database, sql);

    private PaymentsDbContext Context() => new(new DbContextOptionsBuilder<PaymentsDbContext>()
        .UseNpgsql(_database).UseSnakeCaseNamingConvention().Options);
}
