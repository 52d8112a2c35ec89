using AeThexLive.ServiceDefaults;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AeThexLive.AppHost;

internal static class ServiceResources
{
    /// <summary>
    /// One instance of an AeThex LIVE service: its database, Redis and RabbitMQ, started once they
    /// answer; healthy when its /health says so. Endpoints are not proxied: the gateway talks to
    /// the service directly, one hop fewer on every request. A service with an HTTP/2 endpoint
    /// gets it as a second, HTTP/2-only port (HTTP2_PORT).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string resourceName, PlatformService service, InfrastructureResources infrastructure)
        where TProject : IProjectMetadata, new()
    {
        var resource = builder.AddProject<TProject>(resourceName, launchProfileName: null)
            .WithFixedHttpEndpoint("http")
            .WithHttpHealthCheck("/health")
            .WithSettingsFrom(builder.Configuration);
        if (service.Http2Endpoint is { } http2Endpoint)
        {
            resource.WithFixedHttpEndpoint(http2Endpoint, env: "HTTP2_PORT");
        }

        infrastructure[service.Database].AttachTo(resource);
        infrastructure["redis"].AttachTo(resource);
        infrastructure["rabbitmq"].AttachTo(resource);
        return resource;
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

    /// <summary>nginx with the RTMP module: RTMP ingest, HLS and media over HTTP (private media by signed URL), callbacks to Streaming.</summary>
    public static IResourceBuilder<ExecutableResource> AddIngest(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, IResourceBuilder<ProjectResource> streaming, string callbackSecret,
        string mediaSigningSecret)
    {
        var ingest = builder.AddExecutable("ingest", "bash", settings.ScriptsDirectory,
                "nginx.sh", settings.IngestDataDirectory, settings.RtmpPort.ToString(), settings.IngestHttpPort.ToString())
            .WithEnvironment("STREAMING_URL", streaming.GetEndpoint("http"))
            .WithEnvironment("INGEST_CALLBACK_SECRET", callbackSecret)
            .WithEnvironment("INGEST_RELAY_SECRET", settings.Secret("ingest-relay"))
            .WithEnvironment("MEDIA_SIGNING_SECRET", mediaSigningSecret)
            .WithEnvironment("INGEST_ABR_LADDER", settings.AbrLadder ? "on" : "off")
            .WithEndpoint(port: settings.RtmpPort, targetPort: settings.RtmpPort, scheme: "rtmp", name: "rtmp", isProxied: false)
            .WithHttpEndpoint(port: settings.IngestHttpPort, targetPort: settings.IngestHttpPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/health", endpointName: "http");
        return ingest;
    }
}
