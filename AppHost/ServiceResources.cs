using Microsoft.Extensions.Configuration;
using Aspire.Hosting.ApplicationModel;

namespace AeThexLive.AppHost;

internal static class ServiceResources
{
    /// <summary>
    /// One AeThex LIVE service: its database, Redis and RabbitMQ, started once they answer;
    /// healthy when its /health says so. Endpoints are not proxied: the gateway talks to
    /// the service directly, one hop fewer on every request.
    /// </summary>
    /// <param name="http2Endpoint">
    /// The name of an extra cleartext HTTP/2-only endpoint, if the service needs one: "grpc" for
    /// a gRPC server, "hubs" for Chat, whose WebSockets the gateway carries over HTTP/2.
    /// </param>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        InfrastructureResources infrastructure,
        string database,
        string? http2Endpoint = null)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithFixedHttpEndpoint("http")
            .WithHttpHealthCheck("/health")
            .WithSettingsFrom(builder.Configuration);
        if (http2Endpoint is not null)
        {
            service.WithFixedHttpEndpoint(http2Endpoint, env: "HTTP2_PORT");
        }

        infrastructure[database].AttachTo(service);
        infrastructure["redis"].AttachTo(service);
        infrastructure["rabbitmq"].AttachTo(service);
        return service;
    }

    /// <summary>
    /// Hands a service the AppHost's "Services:&lt;name&gt;" configuration as its own: with
    /// <c>Services:identity:Identity:Lockout:Duration</c> set, identity sees <c>Identity:Lockout:Duration</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSettingsFrom(this IResourceBuilder<ProjectResource> resource, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection($"Services:{resource.Resource.Name}").AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }
        return resource;
    }

    private static IResourceBuilder<ProjectResource> WithFixedHttpEndpoint(
        this IResourceBuilder<ProjectResource> service, string name, string? env = null)
    {
        var port = InfrastructureSettings.FreePort();
        return service.WithHttpEndpoint(port: port, targetPort: port, name: name, env: env, isProxied: false);
    }

    /// <summary>nginx with the RTMP module: RTMP ingest, HLS and media over HTTP, callbacks to Streaming.</summary>
    public static IResourceBuilder<ExecutableResource> AddIngest(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, IResourceBuilder<ProjectResource> streaming, string callbackSecret)
    {
        var ingest = builder.AddExecutable("ingest", "bash", settings.ScriptsDirectory,
                "nginx.sh", Path.Combine(settings.DataDirectory, "ingest"), settings.RtmpPort.ToString(), settings.IngestHttpPort.ToString())
            .WithEnvironment("STREAMING_URL", streaming.GetEndpoint("http"))
            .WithEnvironment("INGEST_CALLBACK_SECRET", callbackSecret)
            .WithEnvironment("INGEST_ABR_LADDER", settings.AbrLadder ? "on" : "off")
            .WithEndpoint(port: settings.RtmpPort, targetPort: settings.RtmpPort, scheme: "rtmp", name: "rtmp", isProxied: false)
            .WithHttpEndpoint(port: settings.IngestHttpPort, targetPort: settings.IngestHttpPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/health", endpointName: "http");
        return ingest;
    }
}
