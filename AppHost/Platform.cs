using AeThexLive.ServiceDefaults;
using Aspire.Hosting.ApplicationModel;

namespace AeThexLive.AppHost;

/// <summary>
/// The services of <see cref="PlatformServices"/> as AppHost resources: each with its database,
/// Redis, RabbitMQ and Identity's keys, and the gateway in front of them all.
/// </summary>
internal sealed class Platform(IDistributedApplicationBuilder builder, InfrastructureSettings settings, InfrastructureResources infrastructure)
{
    private readonly Dictionary<PlatformService, List<IResourceBuilder<ProjectResource>>> _instances = [];

    /// <summary>
    /// Adds a service; with <paramref name="instances"/> above one, the extra instances are resources
    /// of their own ("chat-2", …, each on its own port) that the gateway balances with cookie affinity.
    /// <paramref name="configure"/> is applied to every instance. Returns the first instance.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddService<TProject>(
        PlatformService service, int instances = 1, Action<IResourceBuilder<ProjectResource>>? configure = null)
        where TProject : IProjectMetadata, new()
    {
        var added = Enumerable.Range(1, Math.Max(1, instances))
            .Select(i => builder.AddService<TProject>(i == 1 ? service.Name : $"{service.Name}-{i}", service, infrastructure))
            .ToList();
        foreach (var instance in added)
        {
            // Every service checks access tokens against the keys Identity publishes, issued by the public origin.
            if (service != PlatformServices.Identity) instance.WithReference(Primary(PlatformServices.Identity));
            instance.WithEnvironment("Platform__PublicOrigin", settings.PublicOrigin);
            configure?.Invoke(instance);
        }
        _instances[service] = added;
        return added[0];
    }

    public IResourceBuilder<ProjectResource> AddService<TProject>(PlatformService service, Action<IResourceBuilder<ProjectResource>> configure)
        where TProject : IProjectMetadata, new() => AddService<TProject>(service, 1, configure);

    /// <summary>The gateway: routes to every service added, and opens its port once all of them answer healthy.</summary>
    public IResourceBuilder<ProjectResource> AddGateway<TProject>(int port, IResourceBuilder<ExecutableResource> ingest)
        where TProject : IProjectMetadata, new()
    {
        var missing = PlatformServices.All.Where(s => !_instances.ContainsKey(s)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"Services not added to the AppHost: {string.Join(", ", missing)}.");

        var gateway = builder.AddProject<TProject>("gateway", launchProfileName: null)
            .FromBuiltOutput()
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithReference(ingest.GetEndpoint("http"))
            .WithHttpHealthCheck("/alive")
            .WithSettingsFrom(builder.Configuration)
            .WithEnvironment("Platform__PublicOrigin", settings.PublicOrigin)
            .WithExternalHttpEndpoints();
        // Rate limits and ended sessions live in Redis, shared by every gateway instance.
        infrastructure["redis"].AttachTo(gateway);
        foreach (var (service, instances) in _instances)
        {
            // The first request a client sends is served, not refused with 502.
            foreach (var instance in instances) gateway.WithReference(instance).WaitFor(instance);
            if (instances.Count > 1)
            {
                gateway.WithEnvironment($"Gateway__Replicas__{service.Name}", string.Join(',', instances.Skip(1).Select(i => i.Resource.Name)));
            }
        }
        return gateway;
    }

    private IResourceBuilder<ProjectResource> Primary(PlatformService service) =>
        _instances.TryGetValue(service, out var instances)
            ? instances[0]
            : throw new InvalidOperationException($"Add {service} before the services that need it.");
}
