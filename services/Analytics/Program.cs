using AeThexLive.Analytics;
using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Endpoints;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<AnalyticsDbContext>("analytics");
app.MapChannelAnalyticsApi();
app.MapStreamAnalyticsApi();
app.MapAnalyticsAdminApi();

await app.MigrateDatabaseAsync<AnalyticsDbContext>();
await app.RunAsync();

public partial class Program;
