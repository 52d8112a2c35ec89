using AeThexLive.Payments.Domain;

namespace AeThexLive.Payments.Tests;

public sealed class SubscriptionStateTests
{
    private static readonly DateTime PeriodEnd = new(2026, 12, 27, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("incomplete", "incomplete")]
    [InlineData("active", "active")]
    [InlineData("trialing", "active")]
    [InlineData("past_due", "past_due")]
    [InlineData("unpaid", "past_due")]
    [InlineData("canceled", "expired")]
    [InlineData("incomplete_expired", "expired")]
    public void Stripe_statuses_map_to_ours(string stripe, string ours) => Assert.Equal(ours, SubscriptionStatuses.FromStripe(stripe));

    [Fact]
    public void A_paid_subscription_takes_Stripes_tier_renewal_date_and_cancellation()
    {
        var subscription = New();

        Assert.False(subscription.SyncFrom(new StripeSubscriptionState("active", "premium", 999, PeriodEnd, CancelAtPeriodEnd: true, null)));

        Assert.Equal("active", subscription.Status);
        Assert.Equal("premium", subscription.Tier);
        Assert.Equal(999, subscription.PriceCents);
        Assert.Equal(PeriodEnd, subscription.RenewalDate);
        Assert.False(subscription.AutoRenew);
        Assert.Null(subscription.ClientSecret);
    }

    [Fact]
    public void An_expired_subscription_stays_expired_whatever_a_late_event_says()
    {
        var subscription = New();
        Assert.True(subscription.SyncFrom(new StripeSubscriptionState("canceled", "basic", 499, PeriodEnd, false, PeriodEnd)));

        Assert.False(subscription.SyncFrom(new StripeSubscriptionState("active", "vip", 2499, PeriodEnd.AddMonths(1), false, null)));

        Assert.Equal("expired", subscription.Status);
        Assert.Equal("basic", subscription.Tier);
        Assert.Equal(PeriodEnd, subscription.EndedAt);
        Assert.False(subscription.AutoRenew);
    }

    [Theory]
    [InlineData("tier_basic", "basic")]
    [InlineData("tier_vip", "vip")]
    [InlineData("tier_gold", null)]
    [InlineData("basic", null)]
    [InlineData(null, null)]
    public void Only_our_tier_prices_name_a_tier(string? lookupKey, string? tier) => Assert.Equal(tier, SubscriptionTiers.FromLookupKey(lookupKey));

    private static Subscription New()
    {
        var subscription = new Subscription(Guid.NewGuid(), Guid.NewGuid(), "fan", Guid.NewGuid(), "basic", 499, DateTime.UtcNow);
        subscription.AttachStripe("sub_123", "pi_123_secret_abc", PeriodEnd);
        return subscription;
    }
}
