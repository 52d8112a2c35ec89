using AeThexLive.Chat;
using AeThexLive.Chat.Data;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<ChatDbContext>("chat");

await app.MigrateDatabaseAsync<ChatDbContext>();
await app.RunAsync();

public partial class Program;
