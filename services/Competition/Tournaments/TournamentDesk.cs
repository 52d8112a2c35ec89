using System.Security.Cryptography;
using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Channels;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Domain.Tournaments;
using AeThexLive.Contracts.Competition;
using AeThexLive.Messaging;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Tournaments;

public enum DeskOutcome
{
    Done,
    NotFound,
    ChannelNotFound,
    NotParticipant,
    WrongStatus,
    Full,
    AlreadyJoined,
    TooFew,
    MatchNotFound,
    NotReady,
    NotASide,
    Conflict,
    Bye,
    Unchanged,
}

public sealed record DeskResult(DeskOutcome Outcome, Tournament? Tournament = null, TournamentMatch? Match = null, IReadOnlyList<Guid>? ResetMatchIds = null);

/// <summary>
/// Every change to a tournament, each in one transaction under the tournament's row lock, with
/// its events in the same transaction (outbox): joining and leaving, the start that fixes seeds
/// and draws the bracket, results with their advancement, corrections, forfeits, and the end.
/// </summary>
public sealed class TournamentDesk(CompetitionDbContext db, ChannelDirectory channels, TimeProvider clock)
{
    public async Task<DeskResult> JoinAsync(Guid tournamentId, Guid userId, ChannelReplica channel, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tournament = await db.LockAsync(tournamentId, cancellationToken);
        if (tournament is null) return new(DeskOutcome.NotFound);
        if (!tournament.IsOpenForRegistration) return new(DeskOutcome.WrongStatus, tournament);
        var entered = await db.TournamentParticipants.Where(p => p.TournamentId == tournamentId)
            .Select(p => new { p.UserId, p.ChannelId }).ToListAsync(cancellationToken);
        if (entered.Any(p => p.UserId == userId || p.ChannelId == channel.ChannelId)) return new(DeskOutcome.AlreadyJoined, tournament);
        if (entered.Count >= tournament.MaxParticipants) return new(DeskOutcome.Full, tournament);

        db.TournamentParticipants.Add(new TournamentParticipant(Guid.CreateVersion7(), tournamentId, userId, channel.ChannelId, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(DeskOutcome.Done, tournament);
    }

    /// <summary>Before the start the participant leaves; after it they withdraw and forfeit every match they have left.</summary>
    public async Task<DeskResult> LeaveAsync(Guid tournamentId, Func<TournamentParticipant, bool> which, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tournament = await db.LockAsync(tournamentId, cancellationToken);
        if (tournament is null) return new(DeskOutcome.NotFound);
        var participants = await db.TournamentParticipants.Where(p => p.TournamentId == tournamentId).ToListAsync(cancellationToken);
        var participant = participants.FirstOrDefault(which);
        if (participant is null) return new(DeskOutcome.NotParticipant, tournament);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (tournament.Status)
        {
            case TournamentStatuses.Draft or TournamentStatuses.Registration:
                db.TournamentParticipants.Remove(participant);
                break;
            case TournamentStatuses.Active when !participant.HasWithdrawn:
                participant.Withdraw(now);
                var bracket = await BracketAsync(tournament, participants, cancellationToken);
                var forfeited = bracket.Withdraw(participant.Id, now);
                await AnnounceAsync(tournament, participants, forfeited, correction: null, cancellationToken);
                FinishIfDecided(tournament, bracket, participants, now, await channels.ForIdsAsync(participants.Select(p => p.ChannelId), cancellationToken));
                break;
            case TournamentStatuses.Active:
                return new(DeskOutcome.Unchanged, tournament);
            default:
                return new(DeskOutcome.WrongStatus, tournament);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(DeskOutcome.Done, tournament);
    }

    public async Task<DeskResult> OpenRegistrationAsync(Guid tournamentId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tournament = await db.LockAsync(tournamentId, cancellationToken);
        if (tournament is null) return new(DeskOutcome.NotFound);
        if (tournament.IsOpenForRegistration) return new(DeskOutcome.Unchanged, tournament);
        if (!tournament.OpenRegistration()) return new(DeskOutcome.WrongStatus, tournament);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(DeskOutcome.Done, tournament);
    }

    public async Task<DeskResult> CancelAsync(Guid tournamentId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tournament = await db.LockAsync(tournamentId, cancellationToken);
        if (tournament is null) return new(DeskOutcome.NotFound);
        if (tournament.Status == TournamentStatuses.Cancelled) return new(DeskOutcome.Unchanged, tournament);
        if (!tournament.Cancel(clock.GetUtcNow().UtcDateTime)) return new(DeskOutcome.WrongStatus, tournament);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(DeskOutcome.Done, tournament);
    }

    /// <summary>Fixes and records the seeds, draws the bracket and starts; later leaderboard changes reshuffle nothing.</summary>
    public async Task<DeskResult> StartAsync(Guid tournamentId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tournament = await db.LockAsync(tournamentId, cancellationToken);
        if (tournament is null) return new(DeskOutcome.NotFound);
        if (!tournament.IsOpenForRegistration) return new(DeskOutcome.WrongStatus, tournament);
        var participants = await db.TournamentParticipants.Where(p => p.TournamentId == tournamentId).ToListAsync(cancellationToken);
        if (participants.Count < 2) return new(DeskOutcome.TooFew, tournament);

        var now = clock.GetUtcNow().UtcDateTime;
        var seeded = await SeedOrderAsync(tournament, participants, now, cancellationToken);
        for (var i = 0; i < seeded.Count; i++) seeded[i].AssignSeed(i + 1);
        var matches = BracketBuilder.Build(tournament.Id, tournament.Format, seeded.Select(p => p.Id).ToList(), tournament.ThirdPlaceMatch, now);
        db.TournamentMatches.AddRange(matches);
        tournament.Start(now);
        var channelsById = await channels.ForIdsAsync(participants.Select(p => p.ChannelId), cancellationToken);
        db.AddEvent(new TournamentStarted(tournament.Id, tournament.Name, tournament.Game, tournament.Format, tournament.OwnerId,
            seeded.Select(p => TournamentViews.Channel(p, channelsById)).ToList(), now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(DeskOutcome.Done, tournament);
    }

    /// <summary>Records a match's result (or a correction of it), advances the bracket, and ends the tournament when the last match is decided.</summary>
    public async Task<DeskResult> ReportAsync(Guid tournamentId, Guid matchId, Guid winnerChannelId, int? score1, int? score2, bool correction,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tournament = await db.LockAsync(tournamentId, cancellationToken);
        if (tournament is null) return new(DeskOutcome.NotFound);
        var participants = await db.TournamentParticipants.Where(p => p.TournamentId == tournamentId).ToListAsync(cancellationToken);
        var bracket = await BracketAsync(tournament, participants, cancellationToken);
        var match = bracket.Matches.FirstOrDefault(m => m.Id == matchId);
        if (match is null) return new(DeskOutcome.MatchNotFound, tournament);
        if (!tournament.IsActive) return new(DeskOutcome.WrongStatus, tournament, match);
        var winner = participants.FirstOrDefault(p => p.ChannelId == winnerChannelId);
        if (winner is null) return new(DeskOutcome.NotASide, tournament, match);

        var now = clock.GetUtcNow().UtcDateTime;
        var result = bracket.Report(match, winner.Id, score1, score2, correction, now);
        var outcome = result.Outcome switch
        {
            ReportOutcome.Recorded or ReportOutcome.Corrected => DeskOutcome.Done,
            ReportOutcome.Unchanged => DeskOutcome.Unchanged,
            ReportOutcome.Conflict => DeskOutcome.Conflict,
            ReportOutcome.NotReady => DeskOutcome.NotReady,
            ReportOutcome.NotASide => DeskOutcome.NotASide,
            _ => DeskOutcome.Bye,
        };
        if (outcome != DeskOutcome.Done) return new(outcome, tournament, match);

        await AnnounceAsync(tournament, participants, result.Completed, result.Outcome == ReportOutcome.Corrected ? match : null, cancellationToken);
        FinishIfDecided(tournament, bracket, participants, now, await channels.ForIdsAsync(participants.Select(p => p.ChannelId), cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(DeskOutcome.Done, tournament, match, result.Reset.Select(m => m.Id).ToList());
    }

    private async Task<Bracket> BracketAsync(Tournament tournament, IReadOnlyList<TournamentParticipant> participants, CancellationToken cancellationToken)
    {
        var matches = await db.TournamentMatches.Where(m => m.TournamentId == tournament.Id).ToListAsync(cancellationToken);
        return new Bracket(matches, participants.Where(p => p.HasWithdrawn).Select(p => p.Id).ToHashSet());
    }

    private async Task AnnounceAsync(Tournament tournament, IReadOnlyList<TournamentParticipant> participants, IEnumerable<TournamentMatch> completed,
        TournamentMatch? correction, CancellationToken cancellationToken)
    {
        var decided = completed.Where(m => m.WinnerId is not null && m.LoserId is not null).ToList();
        if (decided.Count == 0) return;
        var byId = participants.ToDictionary(p => p.Id);
        var channelsById = await channels.ForIdsAsync(participants.Select(p => p.ChannelId), cancellationToken);
        foreach (var match in decided)
        {
            var winnerIsSide1 = match.WinnerId == match.Side1Id;
            db.AddEvent(new MatchCompleted(tournament.Id, tournament.Name, match.Id, match.Bracket, match.Round,
                TournamentViews.Channel(byId[match.WinnerId!.Value], channelsById), TournamentViews.Channel(byId[match.LoserId!.Value], channelsById),
                winnerIsSide1 ? match.Score1 : match.Score2, winnerIsSide1 ? match.Score2 : match.Score1, match.Forfeit, match == correction,
                match.CompletedAt ?? clock.GetUtcNow().UtcDateTime));
        }
    }

    private void FinishIfDecided(Tournament tournament, Bracket bracket, IReadOnlyList<TournamentParticipant> participants, DateTime now,
        IReadOnlyDictionary<Guid, ChannelReplica> channelsById)
    {
        if (!bracket.IsFinished || !tournament.IsActive) return;
        var placements = bracket.Placements(participants.Select(p => p.Id));
        foreach (var participant in participants) participant.Place(placements[participant.Id]);
        tournament.End(now);
        db.AddEvent(new TournamentEnded(tournament.Id, tournament.Name, tournament.Game,
            participants.OrderBy(p => p.FinalRank).ThenBy(p => p.Seed)
                .Select(p => new TournamentPlacement(TournamentViews.Channel(p, channelsById), p.FinalRank!.Value)).ToList(),
            now));
    }

    /// <summary>Participants in seed order: by joining, shuffled, or by the leaderboard's current scores (those without one last, by joining).</summary>
    private async Task<List<TournamentParticipant>> SeedOrderAsync(Tournament tournament, List<TournamentParticipant> participants, DateTime now,
        CancellationToken cancellationToken)
    {
        var byJoining = participants.OrderBy(p => p.JoinedAt).ThenBy(p => p.Id).ToList();
        switch (tournament.Seeding)
        {
            case SeedingMethods.Random:
                var shuffled = byJoining.ToArray();
                RandomNumberGenerator.Shuffle(shuffled.AsSpan());
                return [.. shuffled];
            case SeedingMethods.Leaderboard when tournament.LeaderboardId is { } boardId:
                var board = await db.Leaderboards.AsNoTracking().SingleOrDefaultAsync(b => b.Id == boardId, cancellationToken);
                if (board is null) return byJoining;
                var period = LeaderboardPeriod.Containing(board.Period, now).Start;
                var userIds = participants.Select(p => p.UserId).ToList();
                var scores = await db.LeaderboardEntries.AsNoTracking()
                    .Where(e => e.LeaderboardId == boardId && e.PeriodStart == period && userIds.Contains(e.UserId))
                    .ToDictionaryAsync(e => e.UserId, e => e.Score ?? 0, cancellationToken);
                return byJoining.OrderByDescending(p => scores.TryGetValue(p.UserId, out var score) ? score : long.MinValue).ToList();
            default:
                return byJoining;
        }
    }
}
