using System.Reflection;
using System.Runtime.Versioning;
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
            .FromBuiltOutput()
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

    /// <summary>
    /// Gives no project an OTLP endpoint (<see cref="InfrastructureSettings.ExportTelemetry"/> false:
    /// tests and benchmarks, which run the AppHost without its dashboard). Otherwise every process
    /// sends its traces, metrics and logs each second to an address nobody listens on, and keeps
    /// what failed to send it again. Applied once the model is complete, so it covers every project.
    /// </summary>
    public static void WithoutTelemetryExport(this IDistributedApplicationBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                foreach (var key in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                {
                    context.EnvironmentVariables.Remove(key);
                }
            }));
        }
    }

    /// <summary>
    /// Starts the project's built executable itself rather than <c>dotnet run --no-build</c>, which
    /// evaluates the whole project (seconds of CPU per service, all of them at once on start-up)
    /// only to start that same file. Building the AppHost builds its projects, so the output is as
    /// fresh as <c>dotnet run --no-build</c> would find it; a project never built in the AppHost's
    /// configuration keeps <c>dotnet run</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> FromBuiltOutput(this IResourceBuilder<ProjectResource> resource)
    {
        var project = resource.Resource.GetProjectMetadata().ProjectPath;
        var folder = Path.GetDirectoryName(project)!;
        var output = Path.Combine(folder, "bin", BuildConfiguration, TargetFramework);
        var executable = Directory.Exists(output)
            ? Directory.EnumerateFiles(output, "*.runtimeconfig.json").Select(f => f[..^".runtimeconfig.json".Length]).FirstOrDefault(File.Exists)
            : null;
        return executable is null
            ? resource
            : resource.WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = folder }, ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>The configuration (Debug, Release) the AppHost was built in, and so its projects.</summary>
    private static string BuildConfiguration =>
        typeof(ServiceResources).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>"net10.0" from the AppHost's ".NETCoreApp,Version=v10.0": the services target what the AppHost does.</summary>
    private static string TargetFramework =>
        "net" + (typeof(ServiceResources).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName.Split("=v").Last() ?? "10.0");

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
