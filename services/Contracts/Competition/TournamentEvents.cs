namespace AeThexLive.Contracts.Competition;

/// <summary>A channel in a tournament, with its owner: enough to tell the channel's chat.</summary>
public sealed record TournamentChannel(Guid ChannelId, Guid OwnerId, string Slug, string Name);

/// <summary>A tournament began: seeds are fixed and the bracket is drawn. Participants are in seed order.</summary>
public sealed record TournamentStarted(
    Guid TournamentId, string Name, string? Game, string Format, Guid OrganiserId, IReadOnlyList<TournamentChannel> Participants, DateTime StartedAt);

/// <summary>
/// A match was decided: played and reported, forfeited by a withdrawn side, or corrected
/// (<see cref="Correction"/>: an earlier result was replaced). Scores are the winner's and the loser's, when reported.
/// </summary>
public sealed record MatchCompleted(
    Guid TournamentId, string TournamentName, Guid MatchId, string Bracket, int Round, TournamentChannel Winner, TournamentChannel Loser,
    int? WinnerScore, int? LoserScore, bool Forfeit, bool Correction, DateTime CompletedAt);

/// <summary>A channel's final placement: 1, 2, 3 (shared by both semi-final losers without a third-place match), 5, …</summary>
public sealed record TournamentPlacement(TournamentChannel Channel, int Placement);

/// <summary>The last match was decided: every participant has a final placement, best first.</summary>
public sealed record TournamentEnded(Guid TournamentId, string Name, string? Game, IReadOnlyList<TournamentPlacement> Placements, DateTime EndedAt);
