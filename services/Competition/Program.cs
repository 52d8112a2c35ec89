using AeThexLive.Competition;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Endpoints;
using AeThexLive.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<CompetitionDbContext>("competition");
app.MapLeaderboardsApi();
app.MapLeaderboardEntriesApi();
app.MapLeaderboardPeriodsApi();
app.MapTournamentsApi();
app.MapTournamentParticipantsApi();
app.MapTournamentMatchesApi();

await app.MigrateDatabaseAsync<CompetitionDbContext>();
await app.RunAsync();

public partial class Program;
