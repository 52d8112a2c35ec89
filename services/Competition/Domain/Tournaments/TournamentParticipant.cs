namespace AeThexLive.Competition.Domain.Tournaments;

/// <summary>A channel entered in a tournament by its owner; seeded at the start, placed at the end.</summary>
public sealed class TournamentParticipant
{
    private TournamentParticipant() { }

    public TournamentParticipant(Guid id, Guid tournamentId, Guid userId, Guid channelId, DateTime now)
    {
        Id = id;
        TournamentId = tournamentId;
        UserId = userId;
        ChannelId = channelId;
        JoinedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TournamentId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid ChannelId { get; private set; }
    public int? Seed { get; private set; }
    public int? FinalRank { get; private set; }
    public DateTime JoinedAt { get; private set; }
    /// <summary>Set when the participant withdrew after the start: their remaining matches are forfeited.</summary>
    public DateTime? WithdrawnAt { get; private set; }

    public bool HasWithdrawn => WithdrawnAt is not null;

    internal void AssignSeed(int seed) => Seed = seed;

    internal void Place(int rank) => FinalRank = rank;

    internal void Withdraw(DateTime at) => WithdrawnAt ??= at;
}
