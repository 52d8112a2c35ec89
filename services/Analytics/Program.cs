using AeThexLive.Analytics;
using AeThexLive.Analytics.Data;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<AnalyticsDbContext>("analytics");

await app.MigrateDatabaseAsync<AnalyticsDbContext>();
await app.RunAsync();

public partial class Program;
