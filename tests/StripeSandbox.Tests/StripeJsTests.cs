using System.Net;
using System.Text.Json;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class StripeJsTests(SandboxServer sandbox)
{
    [Fact]
    public async Task The_sandbox_serves_a_Stripe_js_script_at_js_stripe_coms_path_that_pays_at_itself()
    {
        using var response = await sandbox.Http.GetAsync("/v3/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("window.Stripe = Stripe;", script);
        Assert.Contains("Stripe.prototype.confirmCardPayment = function (clientSecret, data)", script);
        Assert.Contains("'4000000000000002': 'pm_card_chargeDeclined'", script);
        Assert.Contains($"var apiBase = {JsonSerializer.Serialize(sandbox.BaseUrl)};", script);
        Assert.DoesNotContain("__SANDBOX_API_BASE__", script);
    }

    [Fact]
    public async Task The_script_is_served_without_a_trailing_slash_too()
    {
        using var response = await sandbox.Http.GetAsync("/v3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("window.Stripe = Stripe;", await response.Content.ReadAsStringAsync());
    }
}
