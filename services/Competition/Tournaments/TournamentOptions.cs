namespace AeThexLive.Competition.Tournaments;

public sealed class TournamentOptions
{
    public const string Section = "Competition:Tournaments";

    /// <summary>How often draft tournaments whose registrationOpensAt has come are opened.</summary>
    public TimeSpan RegistrationCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
