using AeThexLive.Chat.Consumers;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Rooms;
using AeThexLive.Messaging;

namespace AeThexLive.Chat;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ChatDbContext>("chatdb");
        builder.AddMessaging<ChatDbContext>("chat", bus =>
        {
            bus.AddConsumer<StreamStartedConsumer>();
            bus.AddConsumer<StreamEndedConsumer>();
            bus.AddConsumer<ChannelCreatedConsumer>();
            bus.AddConsumer<ChannelFollowedConsumer>();
            bus.AddConsumer<ChannelUnfollowedConsumer>();
            bus.AddConsumer<DonationAlertConsumer>();
            bus.AddConsumer<SubscriptionAlertConsumer>();
            bus.AddConsumer<GiftAlertConsumer>();
            bus.AddConsumer<TournamentStartedAlertConsumer>();
            bus.AddConsumer<MatchCompletedAlertConsumer>();
            bus.AddConsumer<TournamentEndedAlertConsumer>();
        });

        // Rooms span replicas: a message sent on one reaches connections held by the others.
        var redis = builder.Configuration.GetConnectionString("redis")
            ?? throw new InvalidOperationException("Connection string 'redis' is missing: chat rooms need the Redis backplane.");
        builder.Services.AddSignalR(options => options.EnableDetailedErrors = false)
            .AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("aethex-chat"));
        builder.Services.AddOptions<ChatLimits>().BindConfiguration(ChatLimits.Section)
            .Validate(o => o.MessagesPerWindow > 0 && o.PrivilegedMessagesPerWindow > 0 && o.Window > TimeSpan.Zero, "Chat:Limits settings must be positive.");
        builder.Services.AddSingleton<SlidingWindow>();
        builder.Services.AddScoped<ChatRoom>();
        builder.Services.AddScoped<ChatAuthority>();
        builder.Services.AddScoped<PollBox>();
        builder.Services.AddSingleton<PollTallyFeed>();
        builder.Services.AddScoped<Reactions>();
        builder.Services.AddSingleton<ReactionTally>();
        builder.Services.AddHostedService<ReactionFlusher>();
        builder.Services.AddHostedService<AeThexLive.Chat.Workers.PollClock>();
        return builder;
    }
}
