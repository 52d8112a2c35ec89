using System.Net.Sockets;
using AeThexLive.ServiceDefaults;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AeThexLive.AppHost;

/// <summary>
/// A connection a service is given: the same name and connection string in either mode,
/// plus waiting for the server behind it.
/// </summary>
internal sealed record Connection(string Name, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> AttachTo);

internal sealed record InfrastructureResources(IReadOnlyDictionary<string, Connection> Connections)
{
    public Connection this[string name] => Connections[name];
}

internal static class Infrastructure
{
    private static IEnumerable<string> DatabaseNames => PlatformServices.All.Select(s => s.Database);

    public static InfrastructureResources AddInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings) =>
        settings.UseContainers ? builder.AddContainerInfrastructure(settings) : builder.AddLocalInfrastructure(settings);

    /// <summary>Debian's server binaries as Aspire executables, data under the data directory.</summary>
    private static InfrastructureResources AddLocalInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var scripts = settings.ScriptsDirectory;
        var data = settings.DataDirectory;
        var postgresPassword = settings.Secret("postgres-password");
        var rabbitPassword = settings.Secret("rabbitmq-password");

        var postgres = builder.AddExecutable("postgres", "bash", scripts,
                "postgres.sh", Path.Combine(data, "postgres"), settings.PostgresPort.ToString())
            .WithEnvironment("POSTGRES_PASSWORD", postgresPassword)
            .WithEnvironment("POSTGRES_FAST", settings.Ephemeral ? "1" : "0")
            .WithEndpoint(port: settings.PostgresPort, targetPort: settings.PostgresPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck("postgres-accepts-queries");
        var postgresServer = $"Host=127.0.0.1;Port={settings.PostgresPort};Username=postgres;Password={postgresPassword}";
        builder.Services.AddHealthChecks().AddCheck("postgres-accepts-queries", new PostgresQueryCheck(postgresServer + ";Database=postgres;Timeout=3"));

        var redis = builder.AddExecutable("redis", "bash", scripts,
                "redis.sh", Path.Combine(data, "redis"), settings.RedisPort.ToString())
            .WithEndpoint(port: settings.RedisPort, targetPort: settings.RedisPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck("redis-listening");
        builder.Services.AddHealthChecks().AddCheck("redis-listening", new TcpListeningCheck(settings.RedisPort));

        var rabbitmq = builder.AddExecutable("rabbitmq", "bash", scripts,
                "rabbitmq.sh", Path.Combine(data, "rabbitmq"), settings.RabbitMqPort.ToString(),
                settings.RabbitMqDistributionPort.ToString(), settings.RabbitMqEpmdPort.ToString())
            .WithEnvironment("RABBITMQ_DEFAULT_USER", "aethex")
            .WithEnvironment("RABBITMQ_DEFAULT_PASS", rabbitPassword)
            .WithEndpoint(port: settings.RabbitMqPort, targetPort: settings.RabbitMqPort, scheme: "tcp", name: "tcp", isProxied: false)
            // Erlang's node-to-node ports: listed so that what listens where is visible (loopback only).
            .WithEndpoint(port: settings.RabbitMqDistributionPort, targetPort: settings.RabbitMqDistributionPort, scheme: "tcp", name: "distribution", isProxied: false)
            .WithEndpoint(port: settings.RabbitMqEpmdPort, targetPort: settings.RabbitMqEpmdPort, scheme: "tcp", name: "epmd", isProxied: false)
            .WithHealthCheck("rabbitmq-listening");
        builder.Services.AddHealthChecks().AddCheck("rabbitmq-listening", new TcpListeningCheck(settings.RabbitMqPort));

        var postgresEndpoint = postgres.GetEndpoint("tcp");
        var redisEndpoint = redis.GetEndpoint("tcp");
        var rabbitEndpoint = rabbitmq.GetEndpoint("tcp");

        var connections = DatabaseNames.Select(name => Local(name, postgres, ReferenceExpression.Create(
                $"Host={postgresEndpoint.Property(EndpointProperty.Host)};Port={postgresEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={postgresPassword};Database={name}")))
            .Append(Local("redis", redis, ReferenceExpression.Create(
                $"{redisEndpoint.Property(EndpointProperty.Host)}:{redisEndpoint.Property(EndpointProperty.Port)}")))
            .Append(Local("rabbitmq", rabbitmq, ReferenceExpression.Create(
                $"amqp://aethex:{rabbitPassword}@{rabbitEndpoint.Property(EndpointProperty.Host)}:{rabbitEndpoint.Property(EndpointProperty.Port)}")));
        return new InfrastructureResources(connections.ToDictionary(c => c.Name));
    }

    private static Connection Local(string name, IResourceBuilder<ExecutableResource> server, ReferenceExpression connectionString) =>
        new(name, project => project.WithEnvironment($"ConnectionStrings__{name}", connectionString).WaitFor(server));

    private static Connection Container<T>(string name, IResourceBuilder<T> resource) where T : IResourceWithConnectionString =>
        new(name, project => project.WithReference((IResourceBuilder<IResourceWithConnectionString>)resource).WaitFor((IResourceBuilder<IResource>)resource));

    /// <summary>Aspire's container resources, for machines with a container runtime.</summary>
    private static InfrastructureResources AddContainerInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var postgresPassword = builder.AddParameter("postgres-password", settings.Secret("postgres-password"), secret: true);
        var rabbitPassword = builder.AddParameter("rabbitmq-password", settings.Secret("rabbitmq-password"), secret: true);
        var rabbitUser = builder.AddParameter("rabbitmq-user", "aethex");

        var postgres = builder.AddPostgres("postgres", password: postgresPassword, port: settings.PostgresPort).WithDataVolume("aethex-postgres");
        var redis = builder.AddRedis("redis", port: settings.RedisPort).WithDataVolume("aethex-redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq", rabbitUser, rabbitPassword, port: settings.RabbitMqPort).WithDataVolume("aethex-rabbitmq");
        var connections = DatabaseNames.Select(name => Container(name, postgres.AddDatabase(name)))
            .Append(Container("redis", redis))
            .Append(Container("rabbitmq", rabbitmq));
        return new InfrastructureResources(connections.ToDictionary(c => c.Name));
    }
}

/// <summary>Ready when PostgreSQL answers a query (it accepts TCP while still starting up).</summary>
internal sealed class PostgresQueryCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

/// <summary>Ready when the server accepts connections on its loopback port.</summary>
internal sealed class TcpListeningCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
