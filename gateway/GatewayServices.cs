
using Yarp.ReverseProxy.Transforms;

namespace AeThexLive.Gateway;

internal static class GatewayServices
{
    /// <summary>API request bodies larger than this are refused with 413 before reaching a service.</summary>
    private const long MaxRequestBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(RouteTable.RouteConfigs(), RouteTable.Clusters(builder.Configuration))
            .AddServiceDiscoveryDestinationResolver()
            // Which server software answers behind the gateway is nobody's business, on errors too
            // (a header transform applies to successes only unless told otherwise).
            .AddTransforms(transforms => transforms.AddResponseHeaderRemove("Server", Yarp.ReverseProxy.Transforms.ResponseCondition.Always));

        // Kestrel answers a request line or headers over its own limits with an empty 414/431; its
        // limits sit well above ours, so that RequestShape answers ours with problem+json.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options =>
        {
            options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            options.Limits.MaxRequestLineSize = RequestShape.KestrelLimitBytes;
            options.Limits.MaxRequestHeadersTotalSize = RequestShape.KestrelLimitBytes;
        });
        // X-Forwarded-* is believed only from the proxies an operator names in Gateway:TrustedProxies
        // (none by default). Every client of a loopback listener is loopback, so trusting loopback
        // would let any caller pick the address the sign-in limits and viewer caps count against.
        var trustedProxies = builder.Configuration.GetSection("Gateway:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trustedProxies) options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        builder.AddEdgePolicies();
        builder.Services.AddApiDocs();
        // A segment stays in a playlist for about 6 s; 10 s covers late players without ever
        // outliving the broadcast it belongs to (a new broadcast waits out the reconnect grace).
        var publicReads = builder.Configuration.GetValue("Gateway:Caching:PublicReads", TimeSpan.FromSeconds(1));
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(RouteTable.SegmentCachePolicy, policy => policy.Expire(TimeSpan.FromSeconds(10)).Tag("hls"));
            // The base policy already leaves out requests with an Authorization header, methods other
            // than GET and HEAD, and answers other than 200 or with Set-Cookie.
            options.AddPolicy(RouteTable.PublicReads, policy =>
            {
                if (publicReads > TimeSpan.Zero) policy.Expire(publicReads).AddPolicy<PublicReadCache.PathTag>();
                else policy.NoCache();
            });
        });
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestShape>();
        return app;
    }
}

/// <summary>
/// Every request carries an X-Request-Id (the caller's, if it sent a sane one) to the
/// service and back in the response, so a client's report can be found in the traces.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var requestId = incoming.Length is > 0 and <= 128 && incoming.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? incoming
            : Guid.NewGuid().ToString("N");
        context.Request.Headers[Header] = requestId;
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = requestId;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
