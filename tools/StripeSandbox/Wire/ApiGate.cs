using AeThexLive.StripeSandbox.Engine;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>Marks the few endpoints Stripe.js may call with a publishable key.</summary>
internal sealed class PublishableKeyAllowed;

/// <summary>
/// What every <c>/v1</c> call goes through, in Stripe's order: the key, the planned faults, the
/// idempotency key, then the handler, one at a time against the store. Errors come out in
/// Stripe's shape; answers of calls that ran are kept for their idempotency key.
/// </summary>
internal sealed partial class ApiGate(
    IOptions<SandboxOptions> options,
    SandboxStore store,
    IdempotencyLedger idempotency,
    FaultPlan faults,
    SandboxStats stats,
    ILogger<ApiGate> logger) : IEndpointFilter
{
    private readonly SandboxOptions settings = options.Value;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var call = context.Arguments.OfType<ApiCall>().Single();
        http.Response.Headers["Request-Id"] = call.RequestId;
        http.Response.Headers["Stripe-Version"] = http.Request.Headers["Stripe-Version"].FirstOrDefault() ?? settings.ApiVersion;
        if (call.IdempotencyKey is { } idempotencyKey) http.Response.Headers["Idempotency-Key"] = idempotencyKey;
        stats.Request();

        var route = RouteName(http);
        try
        {
            call.Key = Authenticate(call, http.GetEndpoint()?.Metadata.GetMetadata<PublishableKeyAllowed>() is not null);
        }
        catch (StripeApiException refused)
        {
            stats.Unauthorized();
            return StripeResult.Error(refused);
        }

        var fault = faults.Take(call);
        if (fault?.FailStatus is { } failStatus)
        {
            stats.Failed();
            return StripeResult.Error(Injected(failStatus));
        }

        var scope = call.StripeAccount ?? "platform";
        var idempotent = HttpMethods.IsPost(call.Method) && call.IdempotencyKey is not null;
        if (idempotent)
        {
            var fingerprint = $"{call.Method} {call.Path}?{call.Form.Fingerprint()}";
            var (outcome, saved) = idempotency.Claim(scope, call.IdempotencyKey!, fingerprint);
            switch (outcome)
            {
                case ClaimOutcome.Replay:
                    stats.Replayed(route);
                    return new StripeResult(saved!.Status, saved.Body) { Replayed = true };
                case ClaimOutcome.Mismatch:
                    stats.Mismatched();
                    return StripeResult.Error(new StripeApiException(400, "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using "
                        + $"a key other than '{call.IdempotencyKey}' if you meant to execute a different request."));
                case ClaimOutcome.InUse:
                    stats.InUse();
                    return StripeResult.Error(new StripeApiException(409, "idempotency_error",
                        "There is currently another in-progress request using this Idempotent Key (that probably means you "
                        + "submitted twice, and the other request is still going through): " + call.IdempotencyKey
                        + ". Please try again later.") { Code = "idempotency_key_in_use" });
            }
        }

        if (fault is { Stall: var stall } && stall > TimeSpan.Zero)
        {
            stats.Stalled();
            await Task.Delay(stall, CancellationToken.None);
        }

        StripeResult result;
        var keep = true;
        await store.Gate.WaitAsync(CancellationToken.None);
        try
        {
            store.CurrentCall = call;
            if (call.StripeAccount is { } account && store.Accounts.Find(account) is not { Deleted: false })
            {
                throw new StripeApiException(403, "invalid_request_error",
                    $"The provided key does not have access to account '{account}' (or that account does not exist). "
                    + "Application access may have been revoked.") { Code = "account_invalid" };
            }
            result = (StripeResult)(await next(context))!;
        }
        catch (StripeApiException refused)
        {
            result = StripeResult.Error(refused);
            keep = refused.Executed;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogHandlerFailed(logger, failure, route);
            result = StripeResult.Error(new StripeApiException(500, "api_error",
                "An unknown error occurred in the sandbox: " + failure.Message));
            keep = false;
        }
        finally
        {
            store.CurrentCall = null;
            store.Gate.Release();
        }
        stats.Executed(route);
        if (idempotent) idempotency.Complete(scope, call.IdempotencyKey!, keep ? result : null);
        return result;
    }

    private KeyKind Authenticate(ApiCall call, bool publishableAllowed)
    {
        var key = call.ApiKey;
        if (key is null)
        {
            throw StripeApiException.Unauthorized(
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer "
                + "auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for "
                + "details, or we can help at https://support.stripe.com/.");
        }
        if (IsSecret(key)) return KeyKind.Secret;
        if (IsPublishable(key))
        {
            if (publishableAllowed) return KeyKind.Publishable;
            throw StripeApiException.Unauthorized(
                "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of "
                + "your API keys at https://dashboard.stripe.com/account/apikeys.");
        }
        var masked = key.Length > 12 ? key[..8] + new string('*', 12) + key[^4..] : "****";
        throw StripeApiException.Unauthorized($"Invalid API Key provided: {masked}");
    }

    private bool IsSecret(string key) => string.IsNullOrEmpty(settings.SecretKey)
        ? key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("rk_test_", StringComparison.Ordinal)
        : key == settings.SecretKey;

    private bool IsPublishable(string key) => string.IsNullOrEmpty(settings.PublishableKey)
        ? key.StartsWith("pk_test_", StringComparison.Ordinal)
        : key == settings.PublishableKey;

    private static StripeApiException Injected(int status) => status == 429
        ? new StripeApiException(429, "invalid_request_error",
            "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.") { Code = "rate_limit" }
        : new StripeApiException(status, "api_error", "An unknown error occurred (injected by the sandbox).");

    private static string RouteName(HttpContext http)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        return $"{http.Request.Method.ToUpperInvariant()} {pattern}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The sandbox failed while handling {Route}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string route);
}
