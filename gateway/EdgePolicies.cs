using System.Globalization;
using System.Net;
using AeThexLive.ServiceDefaults;
using AeThexLive.ServiceDefaults.Limits;
using AeThexLive.ServiceDefaults.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace AeThexLive.Gateway;

/// <summary>
/// Settings under "Gateway:RateLimits": budgets as buckets (Burst at once, then one more every
/// RefillEvery), kept in Redis so every gateway instance spends from the same one. The defaults
/// follow Auth0's attack protection: an address pays only for failed sign-ins, never for
/// successful ones, so forty students behind one school address sign up and sign in freely while
/// a credential-stuffing script runs dry after a few dozen guesses.
/// </summary>
public sealed class EdgeLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Failed sign-ins (wrong password or code, locked account) one address may make.</summary>
    public BucketSize SignInFailures { get; set; } = BucketSize.Of(20, TimeSpan.FromSeconds(30));
    /// <summary>New accounts one address may open: a classroom at once, not a bot farm.</summary>
    public BucketSize SignUps { get; set; } = BucketSize.Of(60, TimeSpan.FromMinutes(1));
    /// <summary>Any request to /api/auth (refresh, sign-out…) from one address: a flood guard only.</summary>
    public BucketSize AuthRequests { get; set; } = BucketSize.Of(600, TimeSpan.FromMilliseconds(100));
    /// <summary>Writes (POST, PUT, PATCH, DELETE) by one signed-in user: far above what a person does by hand.</summary>
    public BucketSize Writes { get; set; } = BucketSize.Of(120, TimeSpan.FromSeconds(1));
    /// <summary>Writes without a token (viewer heartbeats) from one address: a household or a classroom of viewers.</summary>
    public BucketSize AnonymousWrites { get; set; } = BucketSize.Of(300, TimeSpan.FromMilliseconds(200));
    /// <summary>Stricter budgets for kinds of writes a script would repeat, named by the route table's <see cref="PublicRoute.WriteClass"/>.</summary>
    public Dictionary<string, BucketSize> WriteClasses { get; set; } = new()
    {
        [RouteTable.Creations] = BucketSize.Of(10, TimeSpan.FromMinutes(1)),
        [RouteTable.Follows] = BucketSize.Of(100, TimeSpan.FromSeconds(6)),
        [RouteTable.Reports] = BucketSize.Of(30, TimeSpan.FromMinutes(1)),
        [RouteTable.Spending] = BucketSize.Of(30, TimeSpan.FromMinutes(1)),
    };
}

/// <summary>
/// What the gateway refuses before a service sees the request: tokens that fail validation or
/// belong to an ended session (a request without a token passes, for public routes), sign-in
/// abuse by address, and writes at a rate no person reaches.
/// </summary>
internal static class EdgePolicies
{
    public static IHostApplicationBuilder AddEdgePolicies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeLimitOptions>().BindConfiguration(EdgeLimitOptions.Section)
            .Validate(o => new[] { o.SignInFailures, o.SignUps, o.AuthRequests, o.Writes, o.AnonymousWrites }.Concat(o.WriteClasses.Values).All(b => b.IsValid),
                "Every Gateway:RateLimits budget needs a positive Burst and RefillEvery.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenBucket>();
        builder.Services.AddSingleton<RevokedSessionCache>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RevokedSessionCache>());
        return builder;
    }

    public static WebApplication UseEdgePolicies(this WebApplication app)
    {
        app.Use(RefuseInvalidTokensAsync);
        app.Use(LimitAsync);
        return app;
    }

    /// <summary>
    /// A token that is present must be valid: expired, forged, unsigned or foreign tokens are
    /// answered 401 here with the same problem a service would give, and so is a token of a
    /// session that has been ended (signed out, or its refresh token replayed by a thief).
    /// </summary>
    private static async Task RefuseInvalidTokensAsync(HttpContext context, RequestDelegate next)
    {
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Failure is not null)
        {
            await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }
        if (result.Principal?.FindFirst(PlatformTokens.SessionClaim)?.Value is { } session
            && context.RequestServices.GetRequiredService<RevokedSessionCache>().IsRevoked(session))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteProblemAsync(context, "session-ended", "The session this token belongs to has ended.", "Sign in again.");
            return;
        }
        await next(context);
    }

    private static async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<EdgeLimitOptions>>().Value;
        var buckets = context.RequestServices.GetRequiredService<TokenBucket>();
        var request = context.Request;
        var address = ClientAddress(context);

        if (request.Path.StartsWithSegments("/api/auth"))
        {
            if (await RefusedAsync(context, buckets, $"limit:auth:{address}", limits.AuthRequests, "Too many requests to /api/auth from this address.")) return;
            if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/auth/register", StringComparison.OrdinalIgnoreCase)
                && await RefusedAsync(context, buckets, $"limit:signups:{address}", limits.SignUps, "Too many new accounts from this address.")) return;
            if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase))
            {
                // Only failures spend: a successful sign-in costs nothing, however many come from one address.
                var failures = $"limit:signin-failures:{address}";
                var answer = await buckets.CheckAsync(failures, limits.SignInFailures);
                if (!answer.Allowed)
                {
                    await RefuseAsync(context, answer.RetryAfter, "Too many failed sign-ins from this address.");
                    return;
                }
                await next(context);
                if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status423Locked)
                {
                    await buckets.SpendAsync(failures, limits.SignInFailures);
                }
                return;
            }
        }
        else if (IsWrite(request.Method) && WriteClassOf(context) is var writeClass && writeClass != RouteTable.Unlimited)
        {
            var user = context.User.UserIdOrNull();
            List<(string Key, BucketSize Size)> spent =
                [user is { } id ? ($"limit:writes:{id:N}", limits.Writes) : ($"limit:anonymous-writes:{address}", limits.AnonymousWrites)];
            if (writeClass is not null && limits.WriteClasses.TryGetValue(writeClass, out var classBudget))
            {
                spent.Add(($"limit:{writeClass}:{user?.ToString("N") ?? address}", classBudget));
            }
            // Both budgets in one round trip to Redis; a write either class refuses spends from neither.
            var answer = await buckets.TakeAllAsync(spent);
            if (!answer.Allowed)
            {
                await RefuseAsync(context, answer.RetryAfter, answer.RefusedBy == 0 ? "Too many changes in a short time." : $"Too many {writeClass} in a short time.");
                return;
            }
        }
        await next(context);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>The write class of the route the request matched (the table's metadata on YARP's route), if any.</summary>
    private static string? WriteClassOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.GetValueOrDefault(RouteTable.WriteClassKey);

    private static async Task<bool> RefusedAsync(HttpContext context, TokenBucket buckets, string key, BucketSize budget, string title)
    {
        var answer = await buckets.TakeAsync(key, budget);
        if (answer.Allowed) return false;
        await RefuseAsync(context, answer.RetryAfter, title);
        return true;
    }

    private static async Task RefuseAsync(HttpContext context, TimeSpan retryAfter, string title)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await WriteProblemAsync(context, "rate-limited", title, $"Try again in {seconds} s.", new() { ["retryAfterSeconds"] = seconds });
    }

    private static async Task WriteProblemAsync(HttpContext context, string type, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Type = ApiProblems.TypeBase + type, Title = title, Detail = detail },
        };
        foreach (var (key, value) in extensions ?? []) problem.ProblemDetails.Extensions[key] = value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }

    /// <summary>The caller's address: the connection's, or what a configured trusted proxy says it is.</summary>
    private static string ClientAddress(HttpContext context) =>
        (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}
