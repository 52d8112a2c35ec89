using AeThexLive.Competition;
using AeThexLive.Competition.Data;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<CompetitionDbContext>("competition");

await app.MigrateDatabaseAsync<CompetitionDbContext>();
await app.RunAsync();

public partial class Program;
