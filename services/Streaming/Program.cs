using AeThexLive.Messaging;
using AeThexLive.Streaming;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Endpoints;
using AeThexLive.Streaming.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<StreamingDbContext>("streaming");
app.MapChannelsApi();
app.MapChannelFollowersApi();
app.MapNotificationsApi();
app.MapUnsubscribeApi();
app.MapStreamsApi();
app.MapIngestApi();
app.MapGrpcService<ChannelDirectoryService>();

await app.MigrateDatabaseAsync<StreamingDbContext>();
await app.RunAsync();

public partial class Program;
