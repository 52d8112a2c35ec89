using AeThexLive.Identity;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Endpoints;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<IdentityDbContext>("identity");
app.MapAuthApi();

await app.MigrateDatabaseAsync<IdentityDbContext>();
await app.RunAsync();

public partial class Program;
