using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ErrorShapeTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Missing_key_answers_401_in_stripes_error_shape()
    {
        using var response = await sandbox.Http.GetAsync("/v1/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("API key", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Wrong_or_live_key_answers_401_and_stripe_net_reports_it()
    {
        foreach (var key in new[] { "sk_test_someone_else", "sk_live_real_money_key" })
        {
            var refused = await Assert.ThrowsAsync<StripeException>(() =>
                new CustomerService(sandbox.Client(apiKey: key)).ListAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
            Assert.StartsWith("Invalid API Key provided", refused.Message);
        }
    }

    [Fact]
    public async Task Curl_style_basic_auth_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/prices");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SandboxServer.SecretKey + ":")));

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_", response.Headers.GetValues("Request-Id").Single());
    }

    [Fact]
    public async Task Unknown_object_answers_404_resource_missing_naming_the_parameter()
    {
        var missing = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(sandbox.Client()).GetAsync("cus_nobody"));

        Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
        Assert.Equal("resource_missing", missing.StripeError.Code);
        Assert.Equal("id", missing.StripeError.Param);
        Assert.Equal("No such customer: 'cus_nobody'", missing.StripeError.Message);

        var viaParam = await Assert.ThrowsAsync<StripeException>(() => new PaymentIntentService(sandbox.Client())
            .CreateAsync(new PaymentIntentCreateOptions { Amount = 500, Currency = "usd", Customer = "cus_nobody" }));
        Assert.Equal("customer", viaParam.StripeError.Param);
    }

    [Fact]
    public async Task Bad_parameters_answer_400_with_the_parameter_named()
    {
        var intents = new PaymentIntentService(sandbox.Client());

        var tooSmall = await Assert.ThrowsAsync<StripeException>(() =>
            intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 10, Currency = "usd" }));
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.HttpStatusCode);
        Assert.Equal("amount_too_small", tooSmall.StripeError.Code);
        Assert.Equal("amount", tooSmall.StripeError.Param);

        var missing = await Assert.ThrowsAsync<StripeException>(() =>
            intents.CreateAsync(new PaymentIntentCreateOptions { Currency = "usd" }));
        Assert.Equal("parameter_missing", missing.StripeError.Code);

        using var notANumber = Authorized(HttpMethod.Post, "/v1/payment_intents");
        notANumber.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["amount"] = "ten", ["currency"] = "usd" });
        using var response = await sandbox.Http.SendAsync(notANumber);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("parameter_invalid_integer", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unrecognized_url_answers_404()
    {
        using var request = Authorized(HttpMethod.Get, "/v1/teleporters");
        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("Unrecognized request URL", message);
    }

    [Fact]
    public async Task Injected_500_is_retried_by_stripe_net_and_surfaces_without_retries()
    {
        await sandbox.ControlAsync("/_sandbox/faults", new { count = 1, failStatus = 500, path = "/v1/customers" });
        var retried = await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions { Email = "a@example.com" });
        Assert.Equal("a@example.com", retried.Email);
        var stats = await sandbox.GetAsync("/_sandbox/stats");
        Assert.Equal(1, stats.GetProperty("api").GetProperty("failed").GetInt64());

        await sandbox.ControlAsync("/_sandbox/faults", new { count = 1, failStatus = 500 });
        var failed = await Assert.ThrowsAsync<StripeException>(() =>
            new CustomerService(sandbox.Client(maxNetworkRetries: 0)).CreateAsync(new CustomerCreateOptions()));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.HttpStatusCode);
        Assert.Equal("api_error", failed.StripeError.Type);
    }

    [Fact]
    public async Task Injected_429_reports_a_rate_limit()
    {
        await sandbox.ControlAsync("/_sandbox/faults", new { count = 1, failStatus = 429 });

        var limited = await Assert.ThrowsAsync<StripeException>(() => new CustomerService(sandbox.Client()).ListAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.HttpStatusCode);
        Assert.Equal("rate_limit", limited.StripeError.Code);
    }

    [Fact]
    public async Task Stalled_call_times_the_client_out_and_a_retry_with_the_same_key_makes_one_intent()
    {
        await sandbox.ControlAsync("/_sandbox/faults", new { count = 1, stallMs = 2500, path = "/v1/payment_intents" });
        var impatient = new PaymentIntentService(sandbox.Client(maxNetworkRetries: 0, timeout: TimeSpan.FromMilliseconds(500)));
        var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
        var key = new RequestOptions { IdempotencyKey = "stalled-donation" };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.CreateAsync(options, key));
        var retried = await new PaymentIntentService(sandbox.Client(maxNetworkRetries: 5)).CreateAsync(options, key);

        Assert.StartsWith("pi_", retried.Id);
        Assert.Single((await new PaymentIntentService(sandbox.Client()).ListAsync()).Data);
        Assert.Equal(1, (await sandbox.RouteStatsAsync("POST /v1/payment_intents")).Executed);
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxServer.SecretKey);
        return request;
    }
}
