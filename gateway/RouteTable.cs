using System.Net;
using AeThexLive.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using static AeThexLive.ServiceDefaults.PlatformServices;

namespace AeThexLive.Gateway;

/// <summary>
/// A public path, the methods it answers, and the service (cluster) that owns the resource it acts
/// on; writes to it may spend a stricter budget than writes in general (<see cref="WriteClass"/>).
/// </summary>
public sealed record PublicRoute(string Cluster, IReadOnlyList<string>? Methods, string Path, string? OutputCachePolicy = null)
{
    public string? WriteClass { get; init; }

    /// <summary>
    /// Writes that change nothing a public read shows at once (heartbeats, view counts, chat lines,
    /// reactions): frequent, so they leave the gateway's copies of the paths above them in place.
    /// </summary>
    public bool KeepsReadCopies { get; init; }
}

/// <summary>
/// The public API map, one route a line: a path goes to the service that owns the resource it
/// acts on (ARCHITECTURE.md), not to whoever owns its first segment — /api/channels/{slug}/donations
/// is Payments', /api/channels/{slug}/bans is Chat's. Literal segments outrank parameters, so
/// /api/users/me/... routes win over /api/users/{username}/.... A test holds this table and the
/// services' own endpoint lists to each other: nothing here routes to nothing, and no public
/// endpoint is left unreachable.
/// </summary>
public static class RouteTable
{
    /// <summary>The hub (SignalR negotiate and WebSockets) is Chat's, carried over HTTP/2: see <see cref="Http2Tunnels"/>.</summary>
    public const string ChatHubCluster = "chat-hubs";

    /// <summary>Kinds of writes with budgets of their own (Gateway:RateLimits:WriteClasses), beyond every user's general one.</summary>
    public const string Creations = "creations", Follows = "follows", Reports = "reports", Spending = "payments";
    /// <summary>Writes no per-user budget applies to: callers that are not people (Stripe's webhooks).</summary>
    public const string Unlimited = "unlimited";
    internal const string WriteClassKey = "writeClass", KeepsReadCopiesKey = "keepsReadCopies";
    public const string IngestCluster = "ingest";

    public static readonly IReadOnlyList<PublicRoute> Routes =
    [
        .. PlatformServices.All.Select(service => Route(service, "GET", $"/api/{service.Name}/info")),

        Route(Identity, "POST", "/api/auth/register"),
        Route(Identity, "POST", "/api/auth/login"),
        Route(Identity, "POST", "/api/auth/refresh"),
        Route(Identity, "POST", "/api/auth/logout"),
        Route(Identity, "POST", "/api/auth/verify-email"),
        Route(Identity, "POST", "/api/auth/verify-email/resend"),
        Route(Identity, "POST", "/api/auth/forgot-password"),
        Route(Identity, "POST", "/api/auth/reset-password"),
        Route(Identity, "PUT", "/api/users/me/email"),
        Route(Identity, "GET PATCH", "/api/users/me"),
        Route(Identity, "GET PUT", "/api/users/me/settings"),
        Route(Identity, "POST DELETE", "/api/users/me/two-factor"),
        Route(Identity, "POST", "/api/users/me/two-factor/enable"),
        Route(Identity, "GET", "/api/users/{username}"),
        Route(Identity, "PUT DELETE", "/api/users/{username}/verified"),
        Route(Identity, "PUT DELETE", "/api/users/{username}/follow") with { WriteClass = Follows },
        Route(Identity, "GET", "/api/users/{username}/followers"),
        Route(Identity, "GET", "/api/users/{username}/following"),
        Route(Identity, "GET", "/.well-known/openid-configuration"),
        Route(Identity, "GET", "/.well-known/jwks.json"),

        Route(Streaming, "GET POST", "/api/channels") with { WriteClass = Creations, OutputCachePolicy = PublicReads },
        Route(Streaming, "GET PATCH", "/api/channels/{slug}") with { OutputCachePolicy = PublicReads },
        Route(Streaming, "GET", "/api/channels/{slug}/stream-key"),
        Route(Streaming, "POST", "/api/channels/{slug}/stream-key/rotate"),
        Route(Streaming, "PUT DELETE", "/api/channels/{slug}/suspension"),
        Route(Streaming, "PUT DELETE", "/api/channels/{slug}/follow") with { WriteClass = Follows },
        Route(Streaming, "GET", "/api/channels/{slug}/followers"),
        Route(Streaming, "GET POST", "/api/channels/{slug}/streams") with { OutputCachePolicy = PublicReads },
        Route(Streaming, "GET", "/api/users/me/followed-channels"),
        Route(Streaming, "GET", "/api/users/me/notifications"),
        Route(Streaming, "POST", "/api/users/me/notifications/read"),
        Route(Streaming, "GET POST", "/api/notifications/unsubscribe"),
        Route(Streaming, "GET PATCH", "/api/streams/{id}") with { OutputCachePolicy = PublicReads },
        Route(Streaming, "POST", "/api/streams/{id}/viewers/heartbeat") with { KeepsReadCopies = true },

        Route(Chat, "GET POST", "/api/streams/{id}/chat") with { KeepsReadCopies = true },
        Route(Chat, "POST", "/api/streams/{id}/reactions") with { KeepsReadCopies = true },
        Route(Chat, "POST", "/api/streams/{id}/polls") with { WriteClass = Creations },
        Route(Chat, "GET", "/api/polls/{id}"),
        Route(Chat, "POST", "/api/polls/{id}/votes"),
        Route(Chat, "POST", "/api/polls/{id}/end"),
        Route(Chat, "DELETE", "/api/chat/messages/{id}"),
        Route(Chat, "POST", "/api/chat/messages/{id}/reports") with { WriteClass = Reports },
        Route(Chat, "GET", "/api/channels/{slug}/moderation-queue"),
        Route(Chat, "POST", "/api/moderation-queue/{id}"),
        Route(Chat, "GET POST", "/api/channels/{slug}/bans"),
        Route(Chat, "DELETE", "/api/channels/{slug}/bans/{username}"),
        Route(Chat, "PUT DELETE", "/api/channels/{slug}/moderators/{username}"),
        Route(Chat, "GET PUT", "/api/channels/{slug}/chat-settings"),
        new(ChatHubCluster, null, "/hubs/chat/{**rest}"),

        Route(Payments, "GET", "/api/payments/config"),
        Route(Payments, "POST", "/api/payments/stripe/webhook") with { WriteClass = Unlimited },
        Route(Payments, "GET POST", "/api/channels/{slug}/donations") with { WriteClass = Spending },
        Route(Payments, "GET", "/api/donations/{id}"),
        Route(Payments, "POST", "/api/gifts") with { WriteClass = Spending },
        Route(Payments, "GET", "/api/gifts/{id}"),
        Route(Payments, "GET", "/api/channels/{slug}/gifts"),
        Route(Payments, "GET", "/api/channels/{slug}/revenue"),
        Route(Payments, "PUT", "/api/channels/{slug}/revenue-shares/{kind}"),
        Route(Payments, "POST", "/api/channels/{slug}/subscriptions") with { WriteClass = Spending },
        Route(Payments, "GET", "/api/channels/{slug}/subscribers"),
        Route(Payments, "GET", "/api/users/me/subscriptions"),
        Route(Payments, "GET PATCH DELETE", "/api/subscriptions/{id}"),
        Route(Payments, "POST", "/api/admin/refunds"),
        Route(Payments, "GET POST", "/api/users/me/payout-account"),
        Route(Payments, "GET", "/api/users/me/payouts"),
        Route(Payments, "POST", "/api/admin/payouts/run"),

        Route(Content, "GET", "/api/channels/{slug}/vods") with { OutputCachePolicy = PublicReads },
        Route(Content, "GET PATCH DELETE", "/api/vods/{id}") with { OutputCachePolicy = PublicReads },
        Route(Content, "POST", "/api/vods/{id}/views") with { KeepsReadCopies = true },
        Route(Content, "POST", "/api/clips") with { WriteClass = Creations },
        Route(Content, "GET DELETE", "/api/clips/{slug}") with { OutputCachePolicy = PublicReads },
        Route(Content, "POST", "/api/clips/{slug}/views") with { KeepsReadCopies = true },
        Route(Content, "PUT DELETE", "/api/clips/{slug}/like"),
        Route(Content, "GET", "/api/channels/{slug}/clips") with { OutputCachePolicy = PublicReads },

        Route(Competition, "GET POST", "/api/leaderboards") with { WriteClass = Creations },
        Route(Competition, "GET", "/api/leaderboards/{id}") with { OutputCachePolicy = PublicReads },
        Route(Competition, "POST", "/api/leaderboards/{id}/scores"),
        Route(Competition, "GET", "/api/leaderboards/{id}/entries") with { OutputCachePolicy = PublicReads },
        Route(Competition, "GET", "/api/leaderboards/{id}/entries/{username}"),
        Route(Competition, "GET", "/api/leaderboards/{id}/periods"),
        Route(Competition, "GET", "/api/leaderboards/{id}/periods/{period}"),
        Route(Competition, "GET POST", "/api/tournaments") with { WriteClass = Creations },
        Route(Competition, "GET", "/api/tournaments/{id}") with { OutputCachePolicy = PublicReads },
        Route(Competition, "POST", "/api/tournaments/{id}/registration"),
        Route(Competition, "POST", "/api/tournaments/{id}/start"),
        Route(Competition, "POST", "/api/tournaments/{id}/cancel"),
        Route(Competition, "POST DELETE", "/api/tournaments/{id}/participants"),
        Route(Competition, "DELETE", "/api/tournaments/{id}/participants/{channelSlug}"),
        Route(Competition, "GET", "/api/tournaments/{id}/bracket") with { OutputCachePolicy = PublicReads },
        Route(Competition, "POST", "/api/tournaments/{id}/matches/{matchId}/result"),

        Route(Analytics, "GET", "/api/channels/{slug}/analytics"),
        Route(Analytics, "GET", "/api/channels/{slug}/analytics/summary"),
        Route(Analytics, "GET", "/api/streams/{id}/analytics"),
        Route(Analytics, "POST", "/api/admin/analytics/rebuild"),

        new(IngestCluster, ["GET", "HEAD"], "/hls/{slug}/{segment}.ts", SegmentCachePolicy),
        new(IngestCluster, ["GET", "HEAD"], "/hls/{**rest}"),
        new(IngestCluster, ["GET", "HEAD"], "/media/{**rest}"),
    ];

    private static PublicRoute Route(PlatformService service, string methods, string path) =>
        new(service.Name, methods.Split(' '), path);

    /// <summary>
    /// The anonymous reads every arriving viewer repeats (the directory, a channel, its stream, VOD
    /// and clip lists, a board's top entries, a bracket): the gateway answers them from a copy at
    /// most Gateway:Caching:PublicReads old (1 s by default), so a raid of thousands costs the
    /// service one read a second per URL. Only GET and HEAD without an Authorization header and
    /// 200 answers without cookies are kept: what a signed-in user reads (the owner's private VODs,
    /// their own follow state) always comes from the service. A write through the gateway drops the
    /// copies of its path and the paths above it (<see cref="PublicReadCache"/>).
    /// </summary>
    public const string PublicReads = "public-reads";

    /// <summary>
    /// HLS segments never change once written, and every viewer of a stream asks for the same
    /// ones: the gateway keeps each for a few seconds, so nginx serves a segment once per
    /// gateway instead of once per viewer. Playlists are never cached.
    /// </summary>
    public const string SegmentCachePolicy = "hls-segments";

    public static IReadOnlyList<RouteConfig> RouteConfigs() =>
        Routes.Select((route, index) => new RouteConfig
        {
            RouteId = $"{route.Cluster}-{index}",
            ClusterId = route.Cluster,
            Match = new RouteMatch { Path = route.Path, Methods = route.Methods },
            OutputCachePolicy = route.OutputCachePolicy,
            Metadata = Metadata(route),
        }).ToList();

    private static Dictionary<string, string>? Metadata(PublicRoute route)
    {
        var metadata = new Dictionary<string, string>();
        if (route.WriteClass is { } writeClass) metadata[WriteClassKey] = writeClass;
        if (route.KeepsReadCopies) metadata[KeepsReadCopiesKey] = "true";
        return metadata.Count > 0 ? metadata : null;
    }

    /// <summary>
    /// Destinations by service name; service discovery turns them into addresses. A service run
    /// as several instances (Gateway:Replicas:&lt;name&gt; = "chat-2,chat-3") gets one destination per
    /// instance, pinned per client by a cookie: SignalR's negotiate and its WebSocket must reach
    /// the same instance.
    /// </summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
        Routes.Select(route => route.Cluster).Distinct().Select(name =>
        {
            var tunnel = Http2Tunnels.GetValueOrDefault(name);
            var instances = Instances(configuration, tunnel?.Service ?? name);
            return new ClusterConfig
            {
                ClusterId = name,
                Destinations = instances.ToDictionary(instance => instance, instance => new DestinationConfig
                {
                    // "_hubs.chat": service discovery resolves the endpoint named hubs of the resource chat.
                    Address = tunnel is null ? $"http://{instance}" : $"http://_{tunnel.Endpoint}.{instance}",
                }),
                HttpRequest = tunnel is null ? null : new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
                SessionAffinity = instances.Count > 1
                    ? new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = $".aethex.{name}" }
                    : null,
            };
        }).ToList();

    private sealed record Http2Tunnel(string Service, string Endpoint);

    /// <summary>
    /// Clusters that reach their service over cleartext HTTP/2, on the named HTTP/2-only endpoint.
    /// A chat message to a 1,000-viewer room is 1,000 WebSocket frames: as HTTP/2 streams they
    /// share a few connections, and Chat and the gateway write and read them in large batches
    /// instead of one socket call per frame (send→last viewer went from 29 to 23 ms in the chat
    /// benchmark).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Http2Tunnel> Http2Tunnels = new Dictionary<string, Http2Tunnel>
    {
        [ChatHubCluster] = new(Chat.Name, Chat.Http2Endpoint!),
    };

    /// <summary>The service and its extra instances, if any.</summary>
    public static IReadOnlyList<string> Instances(IConfiguration configuration, string service) =>
        [service, .. (configuration[$"Gateway:Replicas:{service}"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
