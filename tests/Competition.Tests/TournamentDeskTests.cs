using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Channels;
using AeThexLive.Competition.Domain.Tournaments;
using AeThexLive.Competition.Tournaments;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Competition.Tests;

/// <summary>Tournament changes under concurrency, against a real PostgreSQL: each one under the tournament's row lock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TournamentDeskTests(LocalPostgres postgres, LocalRedis redis)
{
    [Fact]
    public async Task A_hundred_simultaneous_joins_fill_thirty_two_places_exactly()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var tournament = await AddTournamentAsync(services, TournamentFormats.SingleElimination, 32);
        var channels = await AddChannelsAsync(services, 100);

        var results = await Task.WhenAll(channels.Select(channel => services.InScopeAsync(s =>
            s.GetRequiredService<TournamentDesk>().JoinAsync(tournament.Id, channel.OwnerId, channel, default))));

        Assert.Equal(32, results.Count(r => r.Outcome == DeskOutcome.Done));
        Assert.Equal(68, results.Count(r => r.Outcome == DeskOutcome.Full));
        await using var db = services.Context();
        Assert.Equal(32, await db.TournamentParticipants.CountAsync(p => p.TournamentId == tournament.Id));
    }

    [Fact]
    public async Task Of_two_conflicting_results_sent_at_once_one_is_recorded_and_the_other_refused()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (tournament, _) = await StartedAsync(services, TournamentFormats.SingleElimination, 4);
            await using var db = services.Context();
            var match = await db.TournamentMatches.FirstAsync(m => m.TournamentId == tournament.Id && m.Status == MatchStatuses.Ready);
            var sides = await db.TournamentParticipants.Where(p => p.Id == match.Side1Id || p.Id == match.Side2Id).Select(p => p.ChannelId).ToListAsync();

            var results = await Task.WhenAll(sides.Select(winner => services.InScopeAsync(s =>
                s.GetRequiredService<TournamentDesk>().ReportAsync(tournament.Id, match.Id, winner, null, null, correction: false, default))));

            Assert.Equal([DeskOutcome.Done, DeskOutcome.Conflict], results.Select(r => r.Outcome).Order());
            var recorded = await db.TournamentMatches.AsNoTracking().SingleAsync(m => m.Id == match.Id);
            var winnerChannel = await db.TournamentParticipants.Where(p => p.Id == recorded.WinnerId).Select(p => p.ChannelId).SingleAsync();
            Assert.Equal(sides[Array.FindIndex(results, r => r.Outcome == DeskOutcome.Done)], winnerChannel);
            var announced = await db.OutboxMessages.Where(m => m.MessageType.Contains("MatchCompleted")).Select(m => m.Payload).ToListAsync();
            Assert.Single(announced, payload => payload.Contains(match.Id.ToString()));
        }
    }

    [Fact]
    public async Task A_tournament_played_to_the_end_places_everyone_and_announces_start_results_and_end_once()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var (tournament, _) = await StartedAsync(services, TournamentFormats.DoubleElimination, 6);

        var reported = 0;
        while (true)
        {
            await using var db = services.Context();
            var ready = await db.TournamentMatches.AsNoTracking().Where(m => m.TournamentId == tournament.Id && m.Status == MatchStatuses.Ready)
                .OrderBy(m => m.Number).FirstOrDefaultAsync();
            if (ready is null) break;
            var seeds = await db.TournamentParticipants.Where(p => p.Id == ready.Side1Id || p.Id == ready.Side2Id).OrderBy(p => p.Seed).ToListAsync();
            var result = await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>()
                .ReportAsync(tournament.Id, ready.Id, seeds[0].ChannelId, 2, 0, correction: false, default));
            Assert.Equal(DeskOutcome.Done, result.Outcome);
            reported++;
        }

        await using var check = services.Context();
        var ended = await check.Tournaments.SingleAsync(t => t.Id == tournament.Id);
        Assert.Equal(TournamentStatuses.Ended, ended.Status);
        var placements = await check.TournamentParticipants.Where(p => p.TournamentId == tournament.Id).OrderBy(p => p.Seed).Select(p => p.FinalRank).ToListAsync();
        Assert.Equal([1, 2, 3, 4, 5, 5], placements);
        Assert.Equal(1, await check.OutboxMessages.CountAsync(m => m.MessageType.Contains("TournamentStarted")));
        Assert.Equal(reported, await check.OutboxMessages.CountAsync(m => m.MessageType.Contains("MatchCompleted")));
        Assert.Equal(1, await check.OutboxMessages.CountAsync(m => m.MessageType.Contains("TournamentEnded")));
    }

    [Fact]
    public async Task Withdrawing_after_the_start_forfeits_the_remaining_matches_and_leaving_before_it_frees_the_place()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var open = await AddTournamentAsync(services, TournamentFormats.RoundRobin, 4);
        var channels = await AddChannelsAsync(services, 4);
        foreach (var channel in channels) await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>().JoinAsync(open.Id, channel.OwnerId, channel, default));
        var left = await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>().LeaveAsync(open.Id, p => p.UserId == channels[3].OwnerId, default));
        Assert.Equal(DeskOutcome.Done, left.Outcome);
        await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>().StartAsync(open.Id, default));

        var withdrawn = await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>().LeaveAsync(open.Id, p => p.UserId == channels[0].OwnerId, default));

        Assert.Equal(DeskOutcome.Done, withdrawn.Outcome);
        await using var db = services.Context();
        var quitter = await db.TournamentParticipants.SingleAsync(p => p.TournamentId == open.Id && p.UserId == channels[0].OwnerId);
        Assert.NotNull(quitter.WithdrawnAt);
        var theirs = await db.TournamentMatches.Where(m => m.TournamentId == open.Id && (m.Side1Id == quitter.Id || m.Side2Id == quitter.Id)).ToListAsync();
        Assert.Equal(2, theirs.Count);
        Assert.All(theirs, m => Assert.True(m.Forfeit && m.IsCompleted && m.WinnerId != quitter.Id));
        Assert.Equal(3, await db.TournamentParticipants.CountAsync(p => p.TournamentId == open.Id));
    }

    private static async Task<Tournament> AddTournamentAsync(CompetitionServices services, string format, int places)
    {
        await using var db = services.Context();
        var now = services.Clock.GetUtcNow().UtcDateTime;
        var tournament = new Tournament(Guid.NewGuid(), "Cup", null, Guid.NewGuid(), "chess", format, places, now, now.AddHours(1), false,
            SeedingMethods.Registration, null, null, now);
        db.Tournaments.Add(tournament);
        await db.SaveChangesAsync();
        return tournament;
    }

    private static async Task<List<ChannelReplica>> AddChannelsAsync(CompetitionServices services, int count)
    {
        await using var db = services.Context();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            await ChannelReplicaWriter.ApplyDetailsAsync(db, id, Guid.NewGuid(), $"channel-{id:N}"[..20], $"Channel {i}", DateTime.UtcNow, default);
            ids.Add(id);
        }
        return await db.ChannelReplicas.AsNoTracking().Where(c => ids.Contains(c.ChannelId)).ToListAsync();
    }

    private static async Task<(Tournament, List<ChannelReplica>)> StartedAsync(CompetitionServices services, string format, int participants)
    {
        var tournament = await AddTournamentAsync(services, format, participants);
        var channels = await AddChannelsAsync(services, participants);
        foreach (var channel in channels)
        {
            var joined = await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>().JoinAsync(tournament.Id, channel.OwnerId, channel, default));
            Assert.Equal(DeskOutcome.Done, joined.Outcome);
        }
        Assert.Equal(DeskOutcome.Done, (await services.InScopeAsync(s => s.GetRequiredService<TournamentDesk>().StartAsync(tournament.Id, default))).Outcome);
        return (tournament, channels);
    }
}
