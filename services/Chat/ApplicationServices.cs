using AeThexLive.Chat.Consumers;
using AeThexLive.Chat.Data;
using AeThexLive.Messaging;

namespace AeThexLive.Chat;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ChatDbContext>("chatdb");
        builder.AddMessaging<ChatDbContext>("chat", bus => bus.AddConsumer<UserRegisteredConsumer>());
        return builder;
    }
}
