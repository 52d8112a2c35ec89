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
app.MapGrpcService<ChannelDirectoryService>();
app.MapFollowedChannelsApi();

await app.MigrateDatabaseAsync<StreamingDbContext>();
await app.RunAsync();

public partial class Program;
