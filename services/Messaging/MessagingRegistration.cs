using AeThexLive.Messaging.Users;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AeThexLive.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// Registers the service's DbContext on the Aspire connection string <paramref name="connectionName"/>
    /// with snake_case names, retries, health check, telemetry and the outbox signal.
    /// </summary>
    /// <summary>Connections one service instance keeps at most: nine instances stay well under PostgreSQL's max_connections (500 here).</summary>
    public const int DefaultMaxPoolSize = 40;

    private static bool HasKey(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=', 2)[0].Trim())
            .Any(key => keys.Contains(key, StringComparer.OrdinalIgnoreCase));

    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string connectionName)
        where TDbContext : MessagingDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing.");
        // A service runs the same few statements over and over (a chat room checks and stores
        // every message): prepared once per connection, PostgreSQL skips parsing and planning them.
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 64;
        // EF opens a pooled connection for each query outside a transaction, and by default Npgsql prepends a reset
        // to the next statement on every reopen (with prepared statements alive: RESET ALL, UNLISTEN *, CLOSE ALL,
        // pg_advisory_unlock_all, DISCARD SEQUENCES, DISCARD TEMP), which the server parses and runs every time: up to
        // three times a request. Our code keeps no session state on pooled connections (no SET, LISTEN or temporary
        // tables; session advisory locks are released in a finally or taken on an unpooled connection), and an open
        // transaction is still rolled back on close, so the reset is skipped. A connection string that sets it wins.
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose")) settings.NoResetOnClose = true;
        // Every instance of every service shares one PostgreSQL: with Npgsql's default pool of 100,
        // nine instances under a burst asked for more connections than the server allows, and
        // requests failed with "too many clients". A smaller pool makes a burst wait its turn for a
        // connection instead (Database:MaxPoolSize; a connection string that sets its own wins).
        if (!HasKey(connectionString, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            settings.MaxPoolSize = builder.Configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize);
        }
        connectionString = settings.ConnectionString;

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        // Pooled: a request reuses a reset context instead of building one and its services anew,
        // a share of every read's cost that the read benchmark's per-request profile shows.
        builder.Services.AddDbContextPool<TDbContext>((services, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<OutboxSignalInterceptor>(), new NoAutoSavepoints()));
        // Handlers open their own transactions (outbox, row locks, ON CONFLICT), which a retrying
        // execution strategy refuses; a failed request is retried by its caller instead.
        builder.EnrichNpgsqlDbContext<TDbContext>(settings => settings.DisableRetry = true);
        return builder;
    }

    /// <summary>
    /// MassTransit on RabbitMQ (connection string "rabbitmq"), queues named after the service,
    /// consumer retry then the error queue, and the outbox relay for <typeparamref name="TDbContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TDbContext : MessagingDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("Connection string 'rabbitmq' is missing.");

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            addConsumers?.Invoke(bus);
            if (typeof(IKeepsUserReplicas).IsAssignableFrom(typeof(TDbContext))) AddUserReplicaConsumers<TDbContext>(bus, serviceName);

            // Retries happen in-process first; a message that still fails lands in
            // <queue>_error, where an operator can inspect and move it back.
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500))));

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>A service that keeps users follows Identity's events for them, on queues of its own.</summary>
    private static void AddUserReplicaConsumers<TDbContext>(IBusRegistrationConfigurator bus, string serviceName)
        where TDbContext : MessagingDbContext
    {
        bus.AddConsumer<UserRegisteredReplicaConsumer<TDbContext>>().Endpoint(e => e.Name = $"{serviceName}-user-registered");
        bus.AddConsumer<UserProfileUpdatedReplicaConsumer<TDbContext>>().Endpoint(e => e.Name = $"{serviceName}-user-profile-updated");
    }
}
