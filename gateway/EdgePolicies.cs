using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;

namespace AeThexLive.Gateway;

/// <summary>Settings under "Gateway:RateLimits:Auth".</summary>
public sealed class AuthRateLimitOptions
{
    public const string Section = "Gateway:RateLimits:Auth";

    /// <summary>Requests to /api/auth/* one client address may make per window.</summary>
    public int PermitLimit { get; set; } = 20;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// What the gateway refuses before a service sees the request: tokens that fail validation
/// (a request without a token passes, for public routes) and too many sign-in attempts from
/// one address.
/// </summary>
internal static class EdgePolicies
{
    public static IHostApplicationBuilder AddEdgePolicies(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(AuthRateLimitOptions.Section).Get<AuthRateLimitOptions>() ?? new AuthRateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api/auth")
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitLimit,
                        Window = limits.Window,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var context = rejected.HttpContext;
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = "https://aethex.live/problems/rate-limited",
                        Title = "Too many sign-in requests from this address.",
                        Detail = $"At most {limits.PermitLimit} requests to /api/auth per {limits.Window.TotalSeconds:0} s; try again in {seconds} s.",
                        Extensions = { ["retryAfterSeconds"] = seconds },
                    },
                });
            };
        });
        return builder;
    }

    public static WebApplication UseEdgePolicies(this WebApplication app)
    {
        app.UseRateLimiter();
        app.Use(RefuseInvalidTokensAsync);
        return app;
    }

    /// <summary>
    /// A token that is present must be valid: expired, forged, unsigned or foreign tokens are
    /// answered 401 here with the same problem a service would give.
    /// </summary>
    private static async Task RefuseInvalidTokensAsync(HttpContext context, RequestDelegate next)
    {
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Failure is not null)
        {
            await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }
        await next(context);
    }

    /// <summary>The caller's address (after trusted proxies' X-Forwarded-For), the unit the limit counts per.</summary>
    private static string ClientAddress(HttpContext context) =>
        (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}
