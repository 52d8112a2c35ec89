using AeThexLive.Analytics.Consumers;
using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Ingest;
using AeThexLive.Analytics.Rollups;
using AeThexLive.Analytics.Workers;
using AeThexLive.Messaging;
using MassTransit;

namespace AeThexLive.Analytics;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AnalyticsDbContext>("analyticsdb");
        builder.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section)
            .Validate(o => o.BatchMessageLimit > 0 && o.BatchConcurrency > 0 && o.BatchTimeLimit > TimeSpan.Zero
                           && o.RollupPollInterval > TimeSpan.Zero && o.RollupMarksPerPass > 0 && o.RebuildTimeout > TimeSpan.Zero
                           && o.RollupBusyShare is > 0 and <= 1,
                "Analytics settings must be positive.");
        builder.AddMessaging<AnalyticsDbContext>("analytics", bus =>
        {
            AddFactConsumer<StreamStartedFactsConsumer>(bus);
            AddFactConsumer<StreamEndedFactsConsumer>(bus);
            AddFactConsumer<ViewerCountFactsConsumer>(bus);
            AddFactConsumer<ViewerSessionFactsConsumer>(bus);
            AddFactConsumer<ChatMessageFactsConsumer>(bus);
            AddFactConsumer<FollowFactsConsumer>(bus);
            AddFactConsumer<UnfollowFactsConsumer>(bus);
            AddFactConsumer<SubscriptionFactsConsumer>(bus);
            AddFactConsumer<GiftFactsConsumer>(bus);
            AddFactConsumer<DonationFactsConsumer>(bus);
            bus.AddConsumer<ChannelCreatedConsumer>();
            bus.AddConsumer<ChannelUpdatedConsumer>();
        });
        builder.Services.AddScoped<FactWriter>();
        builder.Services.AddScoped<RollupRunner>();
        builder.Services.AddSingleton<RollupSignal>();
        builder.Services.AddHostedService<RollupWorker>();
        return builder;
    }

    private static void AddFactConsumer<TConsumer>(IBusRegistrationConfigurator bus) where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer, FactBatchDefinition<TConsumer>>();
}
