using AeThexLive.Messaging.Mail;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AeThexLive.Messaging.Tests;

/// <summary>One service's outbox database and the pieces that send from it, as AddMailOutbox wires them.</summary>
internal sealed class Outbox(string connectionString, int smtpPort, Action<MailOptions>? configure) : IAsyncDisposable
{
    public const string Origin = "https://live.example";

    private readonly ServiceProvider _services = Services(connectionString, smtpPort, configure);

    public static async Task<Outbox> CreateAsync(LocalPostgres postgres, LocalSmtp4dev mailServer, Action<MailOptions>? configure = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("mail");
        await using (var db = MailDbContext.Open(connectionString)) await db.Database.EnsureCreatedAsync();
        return new Outbox(connectionString, mailServer.SmtpPort, configure);
    }

    public static MailComposer Composer(TimeProvider clock) => new(
        new MailTemplates(typeof(Outbox).Assembly),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:PublicOrigin"] = Origin }).Build(),
        clock);

    public MailDbContext Context() => MailDbContext.Open(connectionString);

    public NpgsqlConnection Connection() => new(connectionString);

    public MailOptions Options() => Options(smtpPort, configure).Value;

    /// <summary>One message to each address, as a request queues security mail.</summary>
    public async Task QueueAsync(IEnumerable<string> addresses)
    {
        await using var db = Context();
        var composer = Composer(TimeProvider.System);
        foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
        {
            db.MailOutbox.Add(composer.Compose("notice", address, new Dictionary<string, string> { ["name"] = "Ada", ["number"] = $"{i}" }));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>One notice to all the addresses, as a go-live fan-out queues it.</summary>
    public async Task QueueBulkAsync(IEnumerable<string> addresses)
    {
        var bulk = Composer(TimeProvider.System).Bulk("notice", new Dictionary<string, string> { ["number"] = "1" }, "name");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await BulkMail.QueueAsync(connection, addresses.Select(a => bulk.To(a, new Dictionary<string, string> { ["name"] = a })), default);
    }

    public async Task<int> SentAsync()
    {
        await using var db = Context();
        return await db.MailOutbox.CountAsync(m => m.SentAt != null);
    }

    public async Task<bool> CountAsync(bool sent, int expected)
    {
        await using var db = Context();
        return await db.MailOutbox.CountAsync(m => (m.SentAt != null) == sent) == expected;
    }

    public MailOutboxWorker<MailDbContext> Worker() => ActivatorUtilities.CreateInstance<MailOutboxWorker<MailDbContext>>(_services);

    /// <summary>A worker in a host of its own: stopping the host is a service instance going away.</summary>
    public IHost StartWorker()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<MailDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton(Options(smtpPort, configure));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<MailOutboxWorker<MailDbContext>>();
        return builder.Build();
    }

    private static ServiceProvider Services(string connectionString, int smtpPort, Action<MailOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddDbContext<MailDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddSingleton(Options(smtpPort, configure));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddMetrics();
        return services.BuildServiceProvider();
    }

    private static IOptions<MailOptions> Options(int smtpPort, Action<MailOptions>? configure)
    {
        var options = new MailOptions
        {
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtpPort, Security = "None", Timeout = TimeSpan.FromSeconds(5) },
            PollInterval = TimeSpan.FromMilliseconds(100),
            BatchSize = 5,
            Lease = TimeSpan.FromSeconds(30),
            MaxServerBackoff = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
