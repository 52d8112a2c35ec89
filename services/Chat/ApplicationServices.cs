using AeThexLive.Chat.Consumers;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.AspNetCore.OpenApi;

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
            bus.AddConsumer<ChannelFollowedConsumer, InboxBatchDefinition<ChannelFollowedConsumer>>();
            bus.AddConsumer<ChannelUnfollowedConsumer, InboxBatchDefinition<ChannelUnfollowedConsumer>>();
            bus.AddConsumer<DonationAlertConsumer, InboxBatchDefinition<DonationAlertConsumer>>();
            bus.AddConsumer<SubscriptionAlertConsumer, InboxBatchDefinition<SubscriptionAlertConsumer>>();
            bus.AddConsumer<GiftAlertConsumer, InboxBatchDefinition<GiftAlertConsumer>>();
            bus.AddConsumer<SubscriptionStartedBadgeConsumer, InboxBatchDefinition<SubscriptionStartedBadgeConsumer>>();
            bus.AddConsumer<SubscriptionRenewedBadgeConsumer, InboxBatchDefinition<SubscriptionRenewedBadgeConsumer>>();
            bus.AddConsumer<SubscriptionEndedBadgeConsumer, InboxBatchDefinition<SubscriptionEndedBadgeConsumer>>();
            bus.AddConsumer<TournamentStartedAlertConsumer>();
            bus.AddConsumer<MatchCompletedAlertConsumer>();
            bus.AddConsumer<TournamentEndedAlertConsumer>();
            bus.AddConsumer<FollowersNotifiedConsumer>();
        });

        // Rooms span replicas: a message sent on one reaches connections held by the others.
        var redis = builder.Configuration.GetConnectionString("redis")
            ?? throw new InvalidOperationException("Connection string 'redis' is missing: chat rooms need the Redis backplane.");
        // A frame far above any message's 500 characters is still read and refused with a reason
        // (too long) rather than cutting the connection; SignalR's default would close it at 32 KiB.
        builder.Services.AddSignalR(options =>
            {
                options.EnableDetailedErrors = false;
                options.MaximumReceiveMessageSize = 1024 * 1024;
            })
            .AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("aethex-chat"));
        builder.Services.AddSingleton<Microsoft.AspNetCore.SignalR.IUserIdProvider, TokenUserIdProvider>();
        builder.Services.AddOptions<ChatLimits>().BindConfiguration(ChatLimits.Section)
            .Validate(o => o.MessagesPerWindow > 0 && o.PrivilegedMessagesPerWindow > 0 && o.Window > TimeSpan.Zero, "Chat:Limits settings must be positive.");
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer<ChatHubDescription>());
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
