using AeThexLive.Chat;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Endpoints;
using AeThexLive.Chat.Hubs;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<ChatDbContext>("chat");
app.MapChatApi();
app.MapMessageModerationApi();
app.MapModerationQueueApi();
app.MapBansApi();
app.MapModeratorsApi();
app.MapPollsApi();
app.MapReactionsApi();
app.MapChatSettingsApi();
app.MapHub<ChatHub>("/hubs/chat");

await app.MigrateDatabaseAsync<ChatDbContext>();
await app.RunAsync();

public partial class Program;
