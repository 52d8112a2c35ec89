using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>What the web app reads before it takes a payment, through the gateway and without signing in.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PaymentsConfigTests(PlatformFixture platform) : IDisposable
{
    private readonly PaymentFlows _pay = new(platform);

    public void Dispose() => _pay.Dispose();

    [Fact]
    public async Task The_payments_config_lists_each_tier_with_the_monthly_price_a_subscriber_is_charged_cheapest_first()
    {
        var config = await _pay.Gateway.GetFromJsonAsync<JsonElement>("/api/payments/config");

        var tiers = config.GetProperty("tiers").EnumerateArray()
            .Select(t => (Tier: t.GetProperty("tier").GetString()!, Cents: t.GetProperty("priceCents").GetInt64(),
                Currency: t.GetProperty("currency").GetString()!))
            .ToList();
        Assert.Equal([("basic", 499L, "usd"), ("premium", 999L, "usd"), ("vip", 2499L, "usd")], tiers);
        foreach (var (tier, cents, currency) in tiers)
        {
            var price = (await _pay.StripeAsync(HttpMethod.Get, $"/v1/prices?lookup_keys[]=tier_{tier}")).GetProperty("data")[0];
            Assert.Equal((cents, currency), (price.GetProperty("unit_amount").GetInt64(), price.GetProperty("currency").GetString()!));
        }
    }
}
