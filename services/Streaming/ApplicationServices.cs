using AeThexLive.Messaging;
using AeThexLive.Streaming.Consumers;
using AeThexLive.Streaming.Data;

namespace AeThexLive.Streaming;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<StreamingDbContext>("streamingdb");
        builder.AddMessaging<StreamingDbContext>("streaming", bus => bus.AddConsumer<UserRegisteredConsumer>());
        builder.Services.AddGrpc();
        return builder;
    }
}
