using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class StripeJsTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_sandbox_serves_a_Stripe_js_script_at_js_stripe_coms_path_that_pays_at_itself()
    {
        using var response = await sandbox.Http.GetAsync("/v3/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("window.Stripe = Stripe;", script);
        Assert.Contains("Stripe.prototype.confirmCardPayment = function (clientSecret, data)", script);
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

    [Fact]
    public async Task A_card_typed_into_its_card_Element_pays_the_intent_with_the_publishable_key()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 500, Currency = "usd" });

        var run = await PayInScriptAsync(intent.ClientSecret, "4242424242424242");

        Assert.True(run.GetProperty("change").GetProperty("complete").GetBoolean());
        Assert.Equal("4242 4242 4242 4242", run.GetProperty("numberShown").GetString());
        var paid = run.GetProperty("result").GetProperty("paymentIntent");
        Assert.Equal(intent.Id, paid.GetProperty("id").GetString());
        Assert.Equal("succeeded", paid.GetProperty("status").GetString());
        Assert.False(run.GetProperty("result").TryGetProperty("error", out _));
        Assert.Equal("succeeded", (await intents.GetAsync(intent.Id)).Status);
    }

    [Theory]
    [InlineData("4000000000000002", "generic_decline", "Your card was declined.")]
    [InlineData("4000000000009995", "insufficient_funds", "Your card has insufficient funds.")]
    public async Task A_declining_test_card_number_resolves_with_stripes_error_and_charges_nothing(
        string number, string declineCode, string message)
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 500, Currency = "usd" });

        var result = (await PayInScriptAsync(intent.ClientSecret, number)).GetProperty("result");

        Assert.False(result.TryGetProperty("paymentIntent", out _));
        var error = result.GetProperty("error");
        Assert.Equal("card_error", error.GetProperty("type").GetString());
        Assert.Equal("card_declined", error.GetProperty("code").GetString());
        Assert.Equal(declineCode, error.GetProperty("decline_code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.NotEqual("succeeded", (await intents.GetAsync(intent.Id)).Status);
    }

    [Fact]
    public async Task An_incomplete_card_is_refused_in_words_before_anything_is_sent()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 500, Currency = "usd" });

        var run = await PayInScriptAsync(intent.ClientSecret, "4242 4242");

        Assert.False(run.GetProperty("change").GetProperty("complete").GetBoolean());
        var error = run.GetProperty("result").GetProperty("error");
        Assert.Equal("validation_error", error.GetProperty("type").GetString());
        Assert.Equal("Your card number is incomplete.", error.GetProperty("message").GetString());
        Assert.Equal("requires_payment_method", (await intents.GetAsync(intent.Id)).Status);
    }

    /// <summary>
    /// The script run as a page runs it (Node with a minimal DOM, StripeJs/pay-with-card.mjs): the card typed, then confirmed.
    /// </summary>
    private async Task<JsonElement> PayInScriptAsync(string clientSecret, string cardNumber)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "StripeJs", "pay-with-card.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SCRIPT_URL"] = $"{sandbox.BaseUrl}/v3/";
        start.Environment["PUBLISHABLE_KEY"] = SandboxServer.PublishableKey;
        start.Environment["CLIENT_SECRET"] = clientSecret;
        start.Environment["CARD_NUMBER"] = cardNumber;
        using var node = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node failed: {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
