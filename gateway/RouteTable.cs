using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AeThexLive.Gateway;

/// <summary>
/// The public API map: a path goes to the service that owns the resource it acts on
/// (ARCHITECTURE.md), not to whoever owns its first segment — /api/channels/{slug}/donations
/// is Payments', /api/channels/{slug}/bans is Chat's. Literal segments outrank parameters,
/// so /api/users/me/... routes win over /api/users/{username}/....
/// </summary>
public static class RouteTable
{
    public static readonly IReadOnlyDictionary<string, string[]> PathsByCluster = new Dictionary<string, string[]>
    {
        ["identity"] =
        [
            "/api/identity/{**rest}", "/api/auth/{**rest}",
            "/api/users/me", "/api/users/me/settings", "/api/users/me/two-factor/{**rest}",
            "/api/users/{username}", "/api/users/{username}/follow", "/api/users/{username}/verified", "/api/users/{username}/followers", "/api/users/{username}/following",
            "/.well-known/{**rest}",
        ],
        ["streaming"] =
        [
            "/api/streaming/{**rest}", "/api/channels", "/api/channels/{slug}", "/api/channels/{slug}/stream-key/{**rest}", "/api/channels/{slug}/suspension",
            "/api/channels/{slug}/follow", "/api/channels/{slug}/followers", "/api/channels/{slug}/streams",
            "/api/users/me/followed-channels", "/api/streams/{id}", "/api/streams/{id}/viewers/{**rest}",
        ],
        ["chat"] =
        [
            "/api/chat/{**rest}", "/api/streams/{id}/chat", "/api/channels/{slug}/moderation-queue",
            "/api/moderation-queue/{**rest}", "/api/channels/{slug}/bans/{**rest}", "/api/channels/{slug}/moderators/{**rest}",
            "/api/channels/{slug}/chat-settings", "/api/streams/{id}/polls", "/api/polls/{**rest}", "/api/streams/{id}/reactions",
        ],
        // The hub (SignalR negotiate and WebSockets) is Chat's too, over HTTP/2: see Http2Tunnels.
        ["chat-hubs"] = ["/hubs/chat/{**rest}"],
        ["payments"] =
        [
            "/api/payments/{**rest}", "/api/channels/{slug}/donations", "/api/channels/{slug}/subscriptions",
            "/api/subscriptions/{**rest}", "/api/users/me/subscriptions", "/api/gifts/{**rest}",
            "/api/channels/{slug}/revenue", "/api/users/me/payouts", "/api/admin/payouts/{**rest}",
        ],
        ["content"] =
        [
            "/api/content/{**rest}", "/api/channels/{slug}/vods", "/api/vods/{**rest}", "/api/clips/{**rest}", "/api/channels/{slug}/clips",
        ],
        ["competition"] = ["/api/competition/{**rest}", "/api/tournaments/{**rest}", "/api/leaderboards/{**rest}"],
        ["analytics"] = ["/api/analytics/{**rest}", "/api/channels/{slug}/analytics/{**rest}", "/api/streams/{id}/analytics"],
        ["ingest"] = ["/hls/{slug}/{segment}.ts", "/hls/{**rest}", "/media/{**rest}"],
    };

    /// <summary>
    /// HLS segments never change once written, and every viewer of a stream asks for the same
    /// ones: the gateway keeps each for a few seconds, so nginx serves a segment once per
    /// gateway instead of once per viewer. Playlists are never cached.
    /// </summary>
    public const string SegmentCachePolicy = "hls-segments";

    private static readonly IReadOnlyDictionary<string, string> OutputCachePolicies = new Dictionary<string, string>
    {
        ["/hls/{slug}/{segment}.ts"] = SegmentCachePolicy,
    };

    public static readonly IReadOnlyList<string> Services =
        ["identity", "streaming", "chat", "payments", "content", "competition", "analytics"];

    public static IReadOnlyList<RouteConfig> Routes() =>
        PathsByCluster.SelectMany(cluster => cluster.Value.Select((path, index) => new RouteConfig
        {
            RouteId = $"{cluster.Key}-{index}",
            ClusterId = cluster.Key,
            Match = new RouteMatch { Path = path },
            OutputCachePolicy = OutputCachePolicies.GetValueOrDefault(path),
        })).ToList();

    /// <summary>
    /// Destinations by service name; service discovery turns them into addresses. A service run
    /// as several instances (Gateway:Replicas:&lt;name&gt; = "chat-2,chat-3") gets one destination per
    /// instance, pinned per client by a cookie: SignalR's negotiate and its WebSocket must reach
    /// the same instance.
    /// </summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
        PathsByCluster.Keys.Select(name =>
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
        ["chat-hubs"] = new("chat", "hubs"),
    };

    /// <summary>The service and its extra instances, if any.</summary>
    public static IReadOnlyList<string> Instances(IConfiguration configuration, string service) =>
        [service, .. (configuration[$"Gateway:Replicas:{service}"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
