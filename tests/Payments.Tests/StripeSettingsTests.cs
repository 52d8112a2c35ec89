using AeThexLive.Payments.Provider;

namespace AeThexLive.Payments.Tests;

public sealed class StripeSettingsTests
{
    private static StripeSettings Settings(string secretKey, string? apiBase) => new()
    {
        SecretKey = secretKey,
        PublishableKey = "pk_test_x",
        WebhookSecret = "whsec_x",
        ApiBase = apiBase,
    };

    [Fact]
    public void A_live_key_is_refused_with_any_address_but_Stripes()
    {
        Assert.Contains("live Stripe key", Settings("sk_live_abc", "http://localhost:12111").Problem());
        Assert.Contains("live Stripe key", Settings("sk_live_abc", "https://api.stripe.com.evil.example").Problem());
        Assert.Null(Settings("sk_live_abc", null).Problem());
        Assert.Null(Settings("sk_live_abc", "https://api.stripe.com").Problem());
    }

    [Fact]
    public void A_test_key_may_go_to_the_sandbox_which_makes_the_mode_sandbox()
    {
        var sandbox = Settings("sk_test_abc", "http://localhost:12111/");
        Assert.Null(sandbox.Problem());
        Assert.Equal("sandbox", sandbox.Mode);
        Assert.Equal("http://localhost:12111", sandbox.EffectiveApiBase);
        Assert.Equal("stripe", Settings("sk_test_abc", null).Mode);
    }

    [Fact]
    public void Keys_and_secrets_must_look_like_Stripes()
    {
        Assert.NotNull(Settings("pk_test_abc", null).Problem());
        var settings = Settings("sk_test_abc", null);
        settings.WebhookSecret = "not-a-secret";
        Assert.NotNull(settings.Problem());
    }
}
