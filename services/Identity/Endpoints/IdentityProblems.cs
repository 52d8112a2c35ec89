using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.Identity.Endpoints;

/// <summary>The problem+json answers particular to signing in.</summary>
internal static class IdentityProblems
{
    public static ProblemHttpResult Of(int status, string type, string title, string? detail = null, Dictionary<string, object?>? extensions = null) =>
        ApiProblems.Of(status, type, title, detail, extensions);

    public static ProblemHttpResult NotFound(string what) => ApiProblems.NotFound(what);

    public static ProblemHttpResult Conflict(string type, string title) => ApiProblems.Conflict(type, title);

    public static ProblemHttpResult InvalidCredentials() =>
        Of(StatusCodes.Status401Unauthorized, "invalid-credentials", "The login or password is wrong.");

    public static ProblemHttpResult Locked(HttpContext context, DateTime until, TimeProvider clock)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow().UtcDateTime).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Of(StatusCodes.Status423Locked, "account-locked", "Too many failed sign-ins: the account is locked for now.",
            $"Try again after {until:yyyy-MM-ddTHH:mm:ssZ}.", new() { ["lockedUntil"] = until, ["retryAfterSeconds"] = seconds });
    }
}
