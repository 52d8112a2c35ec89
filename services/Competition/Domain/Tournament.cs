namespace AeThexLive.Competition.Domain;

public static class TournamentStatuses
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Ended = "ended";
}

public sealed class Tournament
{
    private readonly List<TournamentParticipant> _participants = [];

    private Tournament() { }

    public Tournament(Guid id, string name, string? description, Guid ownerId, string? game, int? maxParticipants, int? prizePoolCents, DateTime now)
    {
        Id = id;
        Name = name;
        Description = description;
        OwnerId = ownerId;
        Game = game;
        MaxParticipants = maxParticipants;
        PrizePoolCents = prizePoolCents;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public Guid OwnerId { get; private set; }
    public string? Game { get; private set; }
    public string Status { get; private set; } = TournamentStatuses.Draft;
    public int? MaxParticipants { get; private set; }
    public int? PrizePoolCents { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyCollection<TournamentParticipant> Participants => _participants;

    public bool IsOwnedBy(Guid userId) => OwnerId == userId;

    /// <summary>Joins a user with their channel while the tournament is still a draft and has room (participants must be loaded).</summary>
    public TournamentParticipant Join(Guid userId, Guid channelId, DateTime now)
    {
        if (Status != TournamentStatuses.Draft) throw new InvalidOperationException("Only a draft tournament takes participants.");
        if (_participants.Any(p => p.UserId == userId)) throw new InvalidOperationException("The user already takes part.");
        if (_participants.Count >= MaxParticipants) throw new InvalidOperationException("The tournament is full.");
        var participant = new TournamentParticipant(Guid.CreateVersion7(), Id, userId, channelId, now);
        _participants.Add(participant);
        return participant;
    }

    public bool Leave(Guid userId)
    {
        if (Status != TournamentStatuses.Draft) throw new InvalidOperationException("Participants can only leave before the start.");
        return _participants.RemoveAll(p => p.UserId == userId) > 0;
    }

    /// <summary>Starts the tournament, seeding participants in the order they joined.</summary>
    public void Start(DateTime at)
    {
        if (Status != TournamentStatuses.Draft) throw new InvalidOperationException($"A tournament that is {Status} cannot start.");
        var seed = 1;
        foreach (var participant in _participants.OrderBy(p => p.JoinedAt).ThenBy(p => p.Id))
        {
            participant.AssignSeed(seed++);
        }
        Status = TournamentStatuses.Active;
        StartedAt = at;
    }

    /// <summary>Records final ranks (user id → rank) and ends the tournament.</summary>
    public void Finish(IReadOnlyDictionary<Guid, int> ranks, DateTime at)
    {
        if (Status != TournamentStatuses.Active) throw new InvalidOperationException($"A tournament that is {Status} cannot end.");
        foreach (var participant in _participants)
        {
            if (ranks.TryGetValue(participant.UserId, out var rank)) participant.AssignFinalRank(rank);
        }
        Status = TournamentStatuses.Ended;
        EndedAt = at;
    }
}

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

    internal void AssignSeed(int seed) => Seed = seed;

    internal void AssignFinalRank(int rank) => FinalRank = rank;
}
