using System.Text.Json.Nodes;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>An answer of the sandbox's API: a status and a JSON body, written as Stripe writes them.</summary>
internal sealed class StripeResult(int status, string body) : IResult
{
    public int Status { get; } = status;
    public string Body { get; } = body;
    public bool Replayed { get; init; }

    public static StripeResult Ok(JsonNode body) => new(200, body.ToJsonString());

    public static StripeResult Error(StripeApiException error) => new(error.Status, error.ToJson().ToJsonString());

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "application/json";
        if (Replayed) response.Headers["Idempotent-Replayed"] = "true";
        if (Status == 409)
        {
            // Stripe's clients retry a 409 by default; a concurrent duplicate should be retried.
            response.Headers["Stripe-Should-Retry"] = "true";
        }
        try
        {
            await response.WriteAsync(Body, httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller gave up (a stalled call outlived its timeout); the work is done and kept.
        }
    }
}
