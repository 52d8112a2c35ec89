using AeThexLive.Content;
using AeThexLive.Content.Data;
using AeThexLive.Content.Endpoints;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<ContentDbContext>("content");
app.MapVodsApi();
app.MapClipsApi();
app.MapClipLikesApi();

await app.MigrateDatabaseAsync<ContentDbContext>();
await app.RunAsync();

public partial class Program;
