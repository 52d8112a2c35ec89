using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Channels;
using AeThexLive.Competition.Domain.Tournaments;
using AeThexLive.Contracts.Competition;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Tournaments;

public sealed record ParticipantView(
    Guid Id, Guid ChannelId, string? ChannelSlug, string? ChannelName, bool IsLive, Guid UserId, string? Username, int? Seed,
    int? Placement, string? PlacementLabel, bool Withdrawn, DateTime JoinedAt);

public sealed record TournamentSummary(
    Guid Id, string Name, string? Game, string Format, string Status, int MaxParticipants, int ParticipantCount, DateTime RegistrationOpensAt,
    DateTime StartsAt, Guid OrganiserId, int? PrizePoolCents, DateTime CreatedAt);

public sealed record TournamentView(
    Guid Id, string Name, string? Description, string? Game, string Format, string Status, int MaxParticipants, int ParticipantCount,
    DateTime RegistrationOpensAt, DateTime StartsAt, bool ThirdPlaceMatch, string Seeding, Guid? LeaderboardId, int? PrizePoolCents,
    Guid OrganiserId, string? OrganiserUsername, DateTime? StartedAt, DateTime? EndedAt, DateTime CreatedAt, IReadOnlyList<ParticipantView> Participants);

/// <summary>One side of a match: a participant, a bye, or (both null, bye false) not known yet.</summary>
public sealed record MatchSideView(bool Bye, Guid? ParticipantId, Guid? ChannelId, string? ChannelSlug, string? ChannelName, bool IsLive, int? Seed);

/// <summary>Where a result goes next: the match and its side (1 or 2).</summary>
public sealed record MatchFeedView(Guid MatchId, int Slot);

public sealed record MatchView(
    Guid Id, int Number, string Bracket, int Round, int Position, string Status, MatchSideView Side1, MatchSideView Side2,
    Guid? WinnerParticipantId, string? WinnerChannelSlug, int? Score1, int? Score2, bool Forfeit, DateTime? CompletedAt,
    MatchFeedView? WinnerTo, MatchFeedView? LoserTo);

public sealed record BracketView(Guid TournamentId, string Format, string Status, IReadOnlyList<MatchView> Matches);

/// <summary>Reads a tournament's rows and the channels and users they name, and shapes them for the API and the events.</summary>
public sealed class TournamentViews(CompetitionDbContext db, ChannelDirectory channels)
{
    public async Task<TournamentView> ViewAsync(Tournament tournament, CancellationToken cancellationToken)
    {
        var participants = await ParticipantsAsync(tournament.Id, cancellationToken);
        var channelsById = await channels.ForIdsAsync(participants.Select(p => p.ChannelId), cancellationToken);
        var userIds = participants.Select(p => p.UserId).Append(tournament.OwnerId).Distinct().ToList();
        var usernames = await db.UserReplicas.AsNoTracking().Where(u => userIds.Contains(u.UserId))
            .ToDictionaryAsync(u => u.UserId, u => u.Username, cancellationToken);
        var shared = participants.Where(p => p.FinalRank is not null).GroupBy(p => p.FinalRank!.Value).ToDictionary(g => g.Key, g => g.Count());
        var views = participants
            .OrderBy(p => p.FinalRank ?? int.MaxValue).ThenBy(p => p.Seed ?? int.MaxValue).ThenBy(p => p.JoinedAt).ThenBy(p => p.Id)
            .Select(p =>
            {
                var channel = channelsById.GetValueOrDefault(p.ChannelId);
                return new ParticipantView(p.Id, p.ChannelId, channel?.Slug, channel?.Name, channel?.IsLive ?? false, p.UserId,
                    usernames.GetValueOrDefault(p.UserId), p.Seed, p.FinalRank, p.FinalRank is { } rank ? PlacementLabel(rank, shared[rank]) : null,
                    p.HasWithdrawn, p.JoinedAt);
            })
            .ToList();
        return new TournamentView(tournament.Id, tournament.Name, tournament.Description, tournament.Game, tournament.Format, tournament.Status,
            tournament.MaxParticipants ?? 0, participants.Count, tournament.RegistrationOpensAt, tournament.StartsAt, tournament.ThirdPlaceMatch,
            tournament.Seeding, tournament.LeaderboardId, tournament.PrizePoolCents, tournament.OwnerId, usernames.GetValueOrDefault(tournament.OwnerId),
            tournament.StartedAt, tournament.EndedAt, tournament.CreatedAt, views);
    }

    public async Task<BracketView> BracketAsync(Tournament tournament, CancellationToken cancellationToken)
    {
        var matches = await db.TournamentMatches.AsNoTracking().Where(m => m.TournamentId == tournament.Id).OrderBy(m => m.Number)
            .ToListAsync(cancellationToken);
        var participants = (await ParticipantsAsync(tournament.Id, cancellationToken)).ToDictionary(p => p.Id);
        var channelsById = await channels.ForIdsAsync(participants.Values.Select(p => p.ChannelId), cancellationToken);
        return new BracketView(tournament.Id, tournament.Format, tournament.Status, ToViews(matches, participants, channelsById));
    }

    public static IReadOnlyList<MatchView> ToViews(IReadOnlyList<TournamentMatch> matches, IReadOnlyDictionary<Guid, TournamentParticipant> participants,
        IReadOnlyDictionary<Guid, ChannelReplica> channelsById)
    {
        var idsByNumber = matches.ToDictionary(m => m.Number, m => m.Id);
        MatchSideView Side(Guid? participantId, bool bye)
        {
            if (participantId is not { } id || !participants.TryGetValue(id, out var participant))
            {
                return new MatchSideView(bye, null, null, null, null, false, null);
            }
            var channel = channelsById.GetValueOrDefault(participant.ChannelId);
            return new MatchSideView(false, id, participant.ChannelId, channel?.Slug, channel?.Name, channel?.IsLive ?? false, participant.Seed);
        }
        MatchFeedView? Feed(int? number, int? slot) =>
            number is { } n && idsByNumber.TryGetValue(n, out var matchId) ? new MatchFeedView(matchId, slot!.Value) : null;

        return matches.Select(m => new MatchView(m.Id, m.Number, m.Bracket, m.Round, m.Position, m.Status,
                Side(m.Side1Id, m.Side1Bye), Side(m.Side2Id, m.Side2Bye),
                m.WinnerId, m.WinnerId is { } w && participants.TryGetValue(w, out var winner)
                    ? channelsById.GetValueOrDefault(winner.ChannelId)?.Slug
                    : null,
                m.Score1, m.Score2, m.Forfeit, m.CompletedAt, Feed(m.WinnerTo, m.WinnerToSlot), Feed(m.LoserTo, m.LoserToSlot)))
            .ToList();
    }

    public Task<List<TournamentParticipant>> ParticipantsAsync(Guid tournamentId, CancellationToken cancellationToken) =>
        db.TournamentParticipants.AsNoTracking().Where(p => p.TournamentId == tournamentId).ToListAsync(cancellationToken);

    /// <summary>A participant's channel as events name it.</summary>
    public static TournamentChannel Channel(TournamentParticipant participant, IReadOnlyDictionary<Guid, ChannelReplica> channelsById)
    {
        var channel = channelsById.GetValueOrDefault(participant.ChannelId);
        return new TournamentChannel(participant.ChannelId, participant.UserId, channel?.Slug ?? "", channel?.Name ?? "");
    }

    /// <summary>"1", "2", "3–4", "5–8": a placement shared by several participants shows the places they span.</summary>
    public static string PlacementLabel(int placement, int sharedBy) => sharedBy <= 1 ? $"{placement}" : $"{placement}–{placement + sharedBy - 1}";
}
