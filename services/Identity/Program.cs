using AeThexLive.Identity;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Endpoints;
using AeThexLive.Identity.Grpc;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<IdentityDbContext>("identity");
app.MapWellKnownApi();
app.MapAuthApi();
app.MapEmailVerificationApi();
app.MapPasswordResetApi();
app.MapUsersApi();
app.MapSettingsApi();
app.MapTwoFactorApi();
app.MapFollowsApi();
app.MapGrpcService<UserDirectoryService>();

await app.MigrateDatabaseAsync<IdentityDbContext>();
await app.RunAsync();

public partial class Program;
