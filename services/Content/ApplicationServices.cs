using AeThexLive.Content.Broadcasts;
using AeThexLive.Content.Consumers;
using AeThexLive.Content.Data;
using AeThexLive.Content.Jobs;
using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;
using AeThexLive.Content.Workers;
using AeThexLive.Contracts.Grpc.Streaming;
using AeThexLive.Messaging;

namespace AeThexLive.Content;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ContentDbContext>("contentdb");
        builder.AddMessaging<ContentDbContext>("content", bus => bus.AddConsumer<StreamEndedConsumer>());
        // "_grpc.streaming": service discovery resolves the endpoint named grpc of the resource streaming.
        builder.Services.AddGrpcClient<ChannelDirectory.ChannelDirectoryClient>(o => o.Address = new Uri("http://_grpc.streaming"));
        builder.Services.AddScoped<BroadcastDirectory>();

        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .Validate(o => o.SignedUrlLifetime > TimeSpan.Zero, "Media:SignedUrlLifetime must be positive.");
        builder.Services.AddOptions<VodOptions>().BindConfiguration(VodOptions.Section)
            .Validate(o => o.Lease >= TimeSpan.FromSeconds(1) && o.MaxAttempts >= 1 && o.ReadRate >= 0, "Vods settings are out of range.");
        builder.Services.AddOptions<ClipOptions>().BindConfiguration(ClipOptions.Section)
            .Validate(o => o.Lease >= TimeSpan.FromSeconds(1) && o.MaxAttempts >= 1, "Clips settings are out of range.");
        builder.Services.AddOptions<JanitorOptions>().BindConfiguration(JanitorOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, "Janitor:Interval must be positive.");

        builder.Services.AddMediaProcessing();
        builder.Services.AddHostedService<JobRunner<VodJobHandler>>();
        builder.Services.AddHostedService<JobRunner<ClipJobHandler>>();
        builder.Services.AddHostedService<MediaJanitor>();
        return builder;
    }

    /// <summary>Storage, ffmpeg and the job queue with its handlers (the service-level tests build on this too).</summary>
    public static IServiceCollection AddMediaProcessing(this IServiceCollection services)
    {
        services.AddSingleton<IMediaStore, LocalMediaStore>();
        services.AddSingleton<IngestArchive>();
        services.AddSingleton<MediaTools>();
        services.AddSingleton<MediaProbe>();
        services.AddSingleton<VodRenderer>();
        services.AddSingleton<ClipCutter>();
        services.AddSingleton<WorkSignal>();
        services.AddScoped<JobQueue>();
        services.AddSingleton<VodJobHandler>();
        services.AddSingleton<ClipJobHandler>();
        return services;
    }
}
