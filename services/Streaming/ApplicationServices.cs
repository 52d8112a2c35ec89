using AeThexLive.Messaging;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Live;
using AeThexLive.Streaming.Notifications;
using AeThexLive.Streaming.Workers;

namespace AeThexLive.Streaming;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<StreamingDbContext>("streamingdb");
        builder.AddMessaging<StreamingDbContext>("streaming");
        builder.Services.AddGrpc();

        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section)
            .Validate(o => o.ReconnectGrace > TimeSpan.Zero, "Ingest:ReconnectGrace must be positive.");
        builder.Services.AddOptions<ViewerOptions>().BindConfiguration(ViewerOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.MaxAnonymousViewersPerAddress > 0,
                "Viewers settings must be positive.");
        builder.Services.AddSingleton<StreamKeyVault>();
        builder.Services.AddSingleton<ViewerTracker>();
        builder.Services.AddScoped<IngestLifecycle>();
        builder.Services.AddHttpClient<IngestControl>();
        builder.Services.AddHostedService<LiveStreamMonitor>();

        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section)
            .Validate(o => o.BatchSize is > 0 and <= 10_000 && o.PollInterval > TimeSpan.Zero,
                "Notifications: BatchSize must be between 1 and 10000 and PollInterval positive.");
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<GoLiveSignal>();
        builder.Services.AddScoped<FollowerFanout>();
        builder.Services.AddHostedService<GoLiveNotifier>();
        return builder;
    }
}
