using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Tournaments through the gateway: brackets played to the end, crowds joining at once, who may do what, and the alerts in chat.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CompetitionTests(PlatformFixture platform)
{
    private static readonly SemaphoreSlim CrowdLock = new(1, 1);
    private static List<Competitor>? _crowd;

    /// <summary>One crowd of 100 channel owners for the whole class: opening 100 channels once is enough.</summary>
    private async Task<List<Competitor>> CrowdAsync()
    {
        await CrowdLock.WaitAsync();
        try
        {
            return _crowd ??= await Competitors.CrowdAsync(platform, 100);
        }
        finally
        {
            CrowdLock.Release();
        }
    }

    [Fact]
    public async Task A_64_channel_single_elimination_played_to_the_end_with_one_correction_places_everyone_by_the_round_they_lost()
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        var crowd = (await CrowdAsync()).Take(64).ToList();
        var id = await StartedAsync(gateway, organiser, crowd, "single_elimination");
        var bracket = await BracketAsync(gateway, id);
        Assert.Equal(63, bracket.Count);
        Assert.All(bracket.Where(m => Round(m) == 1), m => Assert.Equal(65, Seed(m, 1) + Seed(m, 2)));

        // Seed 1's first match is reported the wrong way round, and the next round is played on that result.
        var upset = bracket.Single(m => Round(m) == 1 && Seed(m, 1) == 1);
        await ReportAsync(gateway, organiser, id, upset, Slug(upset, 2));
        await PlayRoundAsync(gateway, organiser, id, HigherSeed, round: 1);
        await PlayRoundAsync(gateway, organiser, id, HigherSeed, round: 2);
        var played = (await BracketAsync(gateway, id)).Single(m => Round(m) == 2 && (Seed(m, 1) == 64 || Seed(m, 2) == 64));
        Assert.Equal("completed", played.GetProperty("status").GetString());

        var corrected = await ReportAsync(gateway, organiser, id, upset, Slug(upset, 1), correction: true);
        Assert.Equal([played.GetProperty("id").GetGuid()], corrected.GetProperty("resetMatchIds").EnumerateArray().Select(e => e.GetGuid()));
        var reset = (await BracketAsync(gateway, id)).Single(m => m.GetProperty("id").GetGuid() == played.GetProperty("id").GetGuid());
        Assert.Equal("ready", reset.GetProperty("status").GetString());
        Assert.Contains(1, new[] { Seed(reset, 1), Seed(reset, 2) });

        await PlayOutAsync(gateway, organiser, id, HigherSeed);
        var tournament = await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{id}");
        Assert.Equal("ended", tournament.GetProperty("status").GetString());
        var participants = tournament.GetProperty("participants").EnumerateArray().ToList();
        Assert.Equal(64, participants.Count);
        foreach (var participant in participants)
        {
            var seed = participant.GetProperty("seed").GetInt32();
            var expected = seed <= 2 ? seed : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)seed) / 2 + 1;
            Assert.True(expected == participant.GetProperty("placement").GetInt32(), $"seed {seed} placed {participant.GetProperty("placement")}");
        }
        Assert.Equal("33–64", participants.Single(p => p.GetProperty("seed").GetInt32() == 64).GetProperty("placementLabel").GetString());
        Assert.Equal("3–4", participants.Single(p => p.GetProperty("seed").GetInt32() == 3).GetProperty("placementLabel").GetString());
    }

    [Fact]
    public async Task A_16_channel_double_elimination_with_a_correction_and_a_grand_final_reset_places_everyone()
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        var crowd = (await CrowdAsync()).Skip(10).Take(16).ToList();
        var id = await StartedAsync(gateway, organiser, crowd, "double_elimination");

        // A wrong first result sends seed 1 to the losers' bracket; both matches fed by it are played before the correction.
        var upset = (await BracketAsync(gateway, id)).Single(m => Part(m) == "winners" && Round(m) == 1 && Seed(m, 1) == 1);
        await ReportAsync(gateway, organiser, id, upset, Slug(upset, 2));
        await PlayRoundAsync(gateway, organiser, id, HigherSeed, round: 1);
        await PlayRoundAsync(gateway, organiser, id, HigherSeed, round: 1, part: "losers");
        await PlayRoundAsync(gateway, organiser, id, HigherSeed, round: 2);
        var corrected = await ReportAsync(gateway, organiser, id, upset, Slug(upset, 1), correction: true);
        Assert.Equal(2, corrected.GetProperty("resetMatchIds").GetArrayLength());

        // The losers' champion takes the grand final, so the reset match is played; seed 1 wins that.
        await PlayOutAsync(gateway, organiser, id, m => Part(m) == "grand_final" ? Slug(m, 2) : HigherSeed(m));
        var bracket = await BracketAsync(gateway, id);
        Assert.Equal("completed", bracket.Single(m => Part(m) == "grand_final_reset").GetProperty("status").GetString());
        var tournament = await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{id}");
        Assert.Equal("ended", tournament.GetProperty("status").GetString());
        var placed = tournament.GetProperty("participants").EnumerateArray()
            .ToDictionary(p => p.GetProperty("seed").GetInt32(), p => p.GetProperty("placement").GetInt32());
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(1, 4).Select(s => placed[s]));
        Assert.Equal([5, 5, 7, 7], Enumerable.Range(5, 4).Select(s => placed[s]).Order());
        Assert.All(Enumerable.Range(9, 4), s => Assert.Equal(9, placed[s]));
        Assert.All(Enumerable.Range(13, 4), s => Assert.Equal(13, placed[s]));
    }

    [Fact]
    public async Task A_hundred_simultaneous_joins_to_a_32_place_tournament_let_exactly_32_in()
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        var crowd = await CrowdAsync();
        var id = (await Competitors.CreateTournamentAsync(gateway, organiser, "single_elimination", 32)).GetProperty("id").GetGuid();

        var statuses = await Task.WhenAll(crowd.Select(c => Competitors.JoinAsync(gateway, id, c)));

        Assert.Equal(32, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(68, statuses.Count(s => s == HttpStatusCode.Conflict));
        var tournament = await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{id}");
        Assert.Equal(32, tournament.GetProperty("participantCount").GetInt32());
        Assert.Equal(32, tournament.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("channelSlug").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Registration_opens_by_itself_at_its_time_or_early_when_the_organiser_says_so()
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        var player = (await CrowdAsync())[0];
        var later = await Competitors.CreateTournamentAsync(gateway, organiser, "round_robin", 4, registrationOpensAt: DateTime.UtcNow.AddSeconds(3));
        var laterId = later.GetProperty("id").GetGuid();
        Assert.Equal("draft", later.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, await Competitors.JoinAsync(gateway, laterId, player));

        var opened = await Eventually.ValueAsync(async () => (await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{laterId}")).GetProperty("status").GetString(),
            s => s == "registration", TimeSpan.FromSeconds(15));
        Assert.Equal("registration", opened);
        Assert.Equal(HttpStatusCode.Created, await Competitors.JoinAsync(gateway, laterId, player));

        var nextWeek = await Competitors.CreateTournamentAsync(gateway, organiser, "round_robin", 4, registrationOpensAt: DateTime.UtcNow.AddDays(7));
        using var early = await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{nextWeek.GetProperty("id").GetGuid()}/registration", organiser);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Equal("registration", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_mutating_tournament_route_tells_anonymous_callers_other_users_the_organiser_and_admins_apart()
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        var admin = await platform.AdminAsync();
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        var crowd = (await CrowdAsync()).Skip(40).Take(6).ToList();
        var tournament = (await Competitors.CreateTournamentAsync(gateway, organiser, "single_elimination", 8)).GetProperty("id").GetGuid();
        var body = new { name = "Cup", game = "chess", format = "round_robin", maxParticipants = 4, startsAt = DateTime.UtcNow.AddHours(1) };

        // Creating: signed in and a creator (or an admin).
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, "/api/tournaments", null, body), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, "/api/tournaments", stranger, body), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await gateway.SendAsync(HttpMethod.Post, "/api/tournaments", admin, body)).StatusCode);

        // Joining: with a channel of your own only.
        var joinPath = $"/api/tournaments/{tournament}/participants";
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, joinPath, null, new { channelSlug = crowd[0].Slug }), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, joinPath, stranger, new { channelSlug = crowd[0].Slug }), HttpStatusCode.Forbidden);
        foreach (var competitor in crowd) Assert.Equal(HttpStatusCode.Created, await Competitors.JoinAsync(gateway, tournament, competitor));
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, joinPath, stranger, new { }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Conflict, await Competitors.JoinAsync(gateway, tournament, crowd[0]));

        // Leaving: your own place; taking a channel out: the organiser, an admin or the channel's owner.
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Delete, joinPath), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Delete, joinPath, stranger), HttpStatusCode.NotFound);
        using (var left = await gateway.SendWithTokenAsync(HttpMethod.Delete, joinPath, crowd[5].Token)) Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Delete, $"{joinPath}/{crowd[4].Slug}"), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Delete, $"{joinPath}/{crowd[4].Slug}", stranger), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Delete, $"{joinPath}/{crowd[4].Slug}", organiser)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Delete, $"{joinPath}/{crowd[3].Slug}", admin)).StatusCode);

        // Lifecycle steps and results: the organiser or an admin.
        foreach (var step in new[] { "registration", "start", "cancel" })
        {
            await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{tournament}/{step}"), HttpStatusCode.Unauthorized);
            await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{tournament}/{step}", stranger), HttpStatusCode.Forbidden);
        }
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{tournament}/registration", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{tournament}/start", organiser)).StatusCode);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{tournament}/start", admin), HttpStatusCode.Conflict);

        var matches = await BracketAsync(gateway, tournament);
        var ready = matches.First(m => m.GetProperty("status").GetString() == "ready");
        var pending = matches.First(m => m.GetProperty("status").GetString() == "pending");
        var resultPath = $"/api/tournaments/{tournament}/matches/{ready.GetProperty("id").GetGuid()}/result";
        var result = new { winnerChannelSlug = Slug(ready, 1), scores = new[] { 2, 1 } };
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, resultPath, null, result), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, resultPath, stranger, result), HttpStatusCode.Forbidden);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, resultPath, organiser, new { winnerChannelSlug = Slug(ready, 1), scores = new[] { 1, 2 } }),
            HttpStatusCode.BadRequest);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, resultPath, organiser, new { winnerChannelSlug = crowd[5].Slug }),
            HttpStatusCode.BadRequest);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post,
            $"/api/tournaments/{tournament}/matches/{pending.GetProperty("id").GetGuid()}/result", organiser, result), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, resultPath, organiser, result)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, resultPath, admin, result)).StatusCode);
        var conflict = await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, resultPath, admin, new { winnerChannelSlug = Slug(ready, 2) }),
            HttpStatusCode.Conflict);
        Assert.EndsWith("/result-conflict", conflict.GetProperty("type").GetString());

        // The loser withdraws after the start (nothing left to forfeit); then the organiser cancels.
        using (var withdrawn = await gateway.SendWithTokenAsync(HttpMethod.Delete, joinPath, crowd[2].Token)) Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{tournament}/cancel", organiser)).StatusCode);
        Assert.Equal("cancelled", (await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{tournament}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "swiss-ish", "maxParticipants": 8, "startsAt": "2030-01-01T00:00:00Z"}""", "format")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "single_elimination", "maxParticipants": 1, "startsAt": "2030-01-01T00:00:00Z"}""", "maxParticipants")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "single_elimination", "maxParticipants": 10000, "startsAt": "2030-01-01T00:00:00Z"}""", "maxParticipants")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "round_robin", "maxParticipants": 8, "thirdPlaceMatch": true, "startsAt": "2030-01-01T00:00:00Z"}""", "thirdPlaceMatch")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "round_robin", "maxParticipants": 8, "seeding": "leaderboard", "startsAt": "2030-01-01T00:00:00Z"}""", "leaderboardId")]
    [InlineData("""{"name": "", "game": "chess", "format": "round_robin", "maxParticipants": 8, "startsAt": "2030-01-01T00:00:00Z"}""", "name")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "round_robin", "maxParticipants": 8}""", "startsAt")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "round_robin", "maxParticipants": "eight", "startsAt": "2030-01-01T00:00:00Z"}""", "maxParticipants")]
    [InlineData("""{"name": "Cup", "game": "chess", "format": "round_robin", "maxParticipants": 8, "startsAt": "2030-01-01T00:00:00Z", "prizePool": -5}""", "prizePoolCents")]
    public async Task Bad_tournaments_are_refused_with_the_field_named(string json, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tournaments")
        {
            Headers = { Authorization = organiser.Bearer },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        var problem = await Accounts.ProblemAsync(await gateway.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_live_participant_shows_as_live_and_its_chat_room_hears_the_start_the_result_and_the_end()
    {
        using var gateway = platform.CreateGatewayClient();
        var (organiser, _) = await Competitors.OrganiserAsync(platform);
        var streamer = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, streamer);
        var rival = (await CrowdAsync())[99];
        await Competitors.WaitForChannelsAsync(gateway, [live.Slug]);
        var id = (await Competitors.CreateTournamentAsync(gateway, organiser, "single_elimination", 2)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{id}/participants", streamer, new { channelSlug = live.Slug })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, await Competitors.JoinAsync(gateway, id, rival));
        var isLive = await Eventually.ValueAsync(async () => (await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{id}")).GetProperty("participants")
            .EnumerateArray().Single(p => p.GetProperty("channelSlug").GetString() == live.Slug).GetProperty("isLive").GetBoolean(), l => l, TimeSpan.FromSeconds(10));
        Assert.True(isLive);

        await using var room = await ChatRooms.ConnectAsync(platform, null);
        var alerts = Channel.CreateUnbounded<JsonElement>();
        room.On<JsonElement>("Alert", a => alerts.Writer.TryWrite(a));
        await room.InvokeAsync("JoinStream", live.StreamId);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{id}/start", organiser)).StatusCode);
        var started = await alerts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("tournament_started", started.GetProperty("type").GetString());
        Assert.Equal(id, started.GetProperty("tournamentId").GetGuid());

        var final = (await BracketAsync(gateway, id)).Single();
        var streamerIsSide1 = Slug(final, 1) == live.Slug;
        await ReportAsync(gateway, organiser, id, final, live.Slug, scores: streamerIsSide1 ? [3, 1] : [1, 3]);
        // The result and the end travel on queues of their own: either may arrive first.
        var last = new[] { await alerts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)),
            await alerts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)) }.ToDictionary(a => a.GetProperty("type").GetString()!);
        Assert.True(last["match_completed"].GetProperty("won").GetBoolean());
        Assert.Contains("3–1", last["match_completed"].GetProperty("message").GetString());
        Assert.Equal(1, last["tournament_ended"].GetProperty("placement").GetInt32());
        await Task.Delay(500);
        Assert.False(alerts.Reader.TryRead(out _));
    }

    private static async Task<Guid> StartedAsync(HttpClient gateway, Account organiser, IReadOnlyList<Competitor> crowd, string format)
    {
        var id = (await Competitors.CreateTournamentAsync(gateway, organiser, format, crowd.Count)).GetProperty("id").GetGuid();
        // Joined one after another, so seeds follow the crowd's order.
        foreach (var competitor in crowd) Assert.Equal(HttpStatusCode.Created, await Competitors.JoinAsync(gateway, id, competitor));
        using var start = await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{id}/start", organiser);
        Assert.True(start.StatusCode == HttpStatusCode.OK, await start.Content.ReadAsStringAsync());
        return id;
    }

    private static async Task<List<JsonElement>> BracketAsync(HttpClient gateway, Guid id) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"/api/tournaments/{id}/bracket")).GetProperty("matches").EnumerateArray().ToList();

    private static async Task<JsonElement> ReportAsync(HttpClient gateway, Account organiser, Guid id, JsonElement match, string winner, bool correction = false,
        int[]? scores = null)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/tournaments/{id}/matches/{match.GetProperty("id").GetGuid()}/result", organiser,
            new { winnerChannelSlug = winner, scores, correction });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Reports every ready match of one round of one part of the bracket, the winner chosen by <paramref name="pick"/>.</summary>
    private static async Task PlayRoundAsync(HttpClient gateway, Account organiser, Guid id, Func<JsonElement, string> pick, int round, string part = "winners")
    {
        var ready = (await BracketAsync(gateway, id)).Where(m => Part(m) == part && Round(m) == round && m.GetProperty("status").GetString() == "ready");
        await Task.WhenAll(ready.Select(m => ReportAsync(gateway, organiser, id, m, pick(m))));
    }

    /// <summary>Reports ready matches until none is left.</summary>
    private static async Task PlayOutAsync(HttpClient gateway, Account organiser, Guid id, Func<JsonElement, string> pick)
    {
        while ((await BracketAsync(gateway, id)).Where(m => m.GetProperty("status").GetString() == "ready").ToList() is { Count: > 0 } ready)
        {
            await Task.WhenAll(ready.Select(m => ReportAsync(gateway, organiser, id, m, pick(m))));
        }
    }

    private static string HigherSeed(JsonElement match) => Seed(match, 1) < Seed(match, 2) ? Slug(match, 1) : Slug(match, 2);

    private static int Seed(JsonElement match, int side) => match.GetProperty($"side{side}").GetProperty("seed") is { ValueKind: JsonValueKind.Number } seed ? seed.GetInt32() : int.MaxValue;

    private static string Slug(JsonElement match, int side) => match.GetProperty($"side{side}").GetProperty("channelSlug").GetString()!;

    private static int Round(JsonElement match) => match.GetProperty("round").GetInt32();

    private static string Part(JsonElement match) => match.GetProperty("bracket").GetString()!;
}
