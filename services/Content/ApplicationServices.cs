using AeThexLive.Content.Data;
using AeThexLive.Contracts.Grpc.Streaming;
using AeThexLive.Messaging;

namespace AeThexLive.Content;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ContentDbContext>("contentdb");
        builder.AddMessaging<ContentDbContext>("content");
        // "_grpc.streaming": service discovery resolves the endpoint named grpc of the resource streaming.
        builder.Services.AddGrpcClient<ChannelDirectory.ChannelDirectoryClient>(o => o.Address = new Uri("http://_grpc.streaming"));
        return builder;
    }
}
