using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Consumers;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Competition.Tournaments;
using AeThexLive.Competition.Workers;
using AeThexLive.Messaging;
using MassTransit;

namespace AeThexLive.Competition;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CompetitionDbContext>("competitiondb");
        builder.AddMessaging<CompetitionDbContext>("competition", bus =>
        {
            bus.AddConsumer<ChannelCreatedConsumer>();
            bus.AddConsumer<ChannelUpdatedConsumer>();
            bus.AddConsumer<StreamStartedConsumer>();
            bus.AddConsumer<StreamEndedConsumer>();
            bus.AddConsumer<DonationScoreConsumer, InboxBatchDefinition<DonationScoreConsumer>>();
            bus.AddConsumer<GiftScoreConsumer, InboxBatchDefinition<GiftScoreConsumer>>();
            bus.AddConsumer<ChatMessageScoreConsumer, ChatMessageScoreDefinition>();
        });
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis")))
        {
            throw new InvalidOperationException("Connection string 'redis' is missing: leaderboards rank in Redis.");
        }

        builder.Services.AddMemoryCache(options => options.SizeLimit = 100_000);
        builder.Services.AddOptions<LeaderboardOptions>().BindConfiguration(LeaderboardOptions.Section)
            .Validate(o => o.ArchiveInterval > TimeSpan.Zero && o.ConsistencyCheckInterval > TimeSpan.Zero && o.ArchiveGrace >= TimeSpan.Zero
                           && o.RebuildWait > TimeSpan.Zero && o.SubmissionRetention > TimeSpan.Zero, "Competition:Leaderboards intervals must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<TournamentOptions>().BindConfiguration(TournamentOptions.Section)
            .Validate(o => o.RegistrationCheckInterval > TimeSpan.Zero, "Competition:Tournaments:RegistrationCheckInterval must be positive.")
            .ValidateOnStart();

        builder.Services.AddScoped<ChannelDirectory>();
        builder.Services.AddSingleton<RankingRebuilder>();
        builder.Services.AddSingleton<Rankings>();
        builder.Services.AddScoped<ScoreRecorder>();
        builder.Services.AddScoped<LeaderboardCatalog>();
        builder.Services.AddScoped<UserNames>();
        builder.Services.AddScoped<LeaderboardArchiver>();
        builder.Services.AddScoped<RankingConsistency>();
        builder.Services.AddScoped<TournamentDesk>();
        builder.Services.AddScoped<TournamentViews>();
        builder.Services.AddHostedService<RankingMaintenance>();
        builder.Services.AddHostedService<PeriodArchiving>();
        builder.Services.AddHostedService<RegistrationOpener>();
        return builder;
    }
}
