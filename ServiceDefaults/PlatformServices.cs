namespace AeThexLive.ServiceDefaults;

/// <summary>
/// One of the platform's services: its resource name (what service discovery and the gateway's
/// clusters know it by), its database, and the extra HTTP/2-only endpoint it needs, if any
/// ("grpc" for a gRPC server, "hubs" for Chat's WebSockets carried over HTTP/2).
/// </summary>
public sealed record PlatformService(string Name, string Database, string? Http2Endpoint = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The list of services, written once: the AppHost starts these, the gateway routes to and
/// checks the health of these, and the tests expect these.
/// </summary>
public static class PlatformServices
{
    public static readonly PlatformService Identity = new("identity", "identitydb", Http2Endpoint: "grpc");
    public static readonly PlatformService Streaming = new("streaming", "streamingdb", Http2Endpoint: "grpc");
    public static readonly PlatformService Chat = new("chat", "chatdb", Http2Endpoint: "hubs");
    public static readonly PlatformService Payments = new("payments", "paymentsdb");
    public static readonly PlatformService Content = new("content", "contentdb");
    public static readonly PlatformService Competition = new("competition", "competitiondb");
    public static readonly PlatformService Analytics = new("analytics", "analyticsdb");

    public static readonly IReadOnlyList<PlatformService> All = [Identity, Streaming, Chat, Payments, Content, Competition, Analytics];

    public static PlatformService Named(string name) =>
        All.SingleOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No service is named '{name}'.", nameof(name));
}
