namespace AeThexLive.Competition.Domain.Tournaments;

/// <summary>A tournament and its lifecycle; its participants and matches are rows of their own.</summary>
public sealed class Tournament
{
    private Tournament() { }

    public Tournament(Guid id, string name, string? description, Guid ownerId, string game, string format, int maxParticipants,
        DateTime registrationOpensAt, DateTime startsAt, bool thirdPlaceMatch, string seeding, Guid? leaderboardId, int? prizePoolCents, DateTime now)
    {
        Id = id;
        Name = name;
        Description = description;
        OwnerId = ownerId;
        Game = game;
        Format = format;
        MaxParticipants = maxParticipants;
        RegistrationOpensAt = registrationOpensAt;
        StartsAt = startsAt;
        ThirdPlaceMatch = thirdPlaceMatch;
        Seeding = seeding;
        LeaderboardId = leaderboardId;
        PrizePoolCents = prizePoolCents;
        CreatedAt = now;
        Status = registrationOpensAt <= now ? TournamentStatuses.Registration : TournamentStatuses.Draft;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    /// <summary>The organiser.</summary>
    public Guid OwnerId { get; private set; }
    public string? Game { get; private set; }
    public string Status { get; private set; } = TournamentStatuses.Draft;
    public int? MaxParticipants { get; private set; }
    public int? PrizePoolCents { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string Format { get; private set; } = TournamentFormats.SingleElimination;
    public string Seeding { get; private set; } = SeedingMethods.Registration;
    public Guid? LeaderboardId { get; private set; }
    public DateTime RegistrationOpensAt { get; private set; }
    public DateTime StartsAt { get; private set; }
    public bool ThirdPlaceMatch { get; private set; }

    public bool IsOpenForRegistration => Status == TournamentStatuses.Registration;
    public bool IsActive => Status == TournamentStatuses.Active;
    public bool HasStarted => Status is TournamentStatuses.Active or TournamentStatuses.Ended;

    /// <returns>false when registration is not the next step (it is open already, or the tournament is past it).</returns>
    public bool OpenRegistration()
    {
        if (Status != TournamentStatuses.Draft) return false;
        Status = TournamentStatuses.Registration;
        return true;
    }

    public bool Cancel(DateTime at)
    {
        if (Status is TournamentStatuses.Ended or TournamentStatuses.Cancelled) return false;
        Status = TournamentStatuses.Cancelled;
        EndedAt = at;
        return true;
    }

    public void Start(DateTime at)
    {
        if (Status != TournamentStatuses.Registration) throw new InvalidOperationException($"A tournament in {Status} cannot start.");
        Status = TournamentStatuses.Active;
        StartedAt = at;
    }

    public void End(DateTime at)
    {
        if (Status != TournamentStatuses.Active) throw new InvalidOperationException($"A tournament in {Status} cannot end.");
        Status = TournamentStatuses.Ended;
        EndedAt = at;
    }
}
