namespace AeThexLive.Competition.Leaderboards;

public sealed class LeaderboardOptions
{
    public const string Section = "Competition:Leaderboards";

    /// <summary>How often ended periods are looked for and archived.</summary>
    public TimeSpan ArchiveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a period's end it stays open for late events (a message posted at 23:59:59
    /// on Sunday may be processed after midnight and still counts for that week); then its final
    /// ranks are archived and later events for it are dropped.
    /// </summary>
    public TimeSpan ArchiveGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each open period's Redis set is compared with PostgreSQL (and rebuilt if they disagree).</summary>
    public TimeSpan ConsistencyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a read waits for a board being rebuilt (by this instance or another) before answering 503.</summary>
    public TimeSpan RebuildWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a submission id is remembered: a retry within this time counts once.</summary>
    public TimeSpan SubmissionRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Cents per unit of a gift, by the tier or gift type GiftSent carries (it has no amount): the
    /// virtual gifts of the Payments catalogue and the subscription tiers.
    /// </summary>
    public Dictionary<string, long> GiftPriceCents { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["heart"] = 100,
        ["star"] = 500,
        ["rocket"] = 2_500,
        ["basic"] = 499,
        ["premium"] = 999,
        ["vip"] = 2_499,
        ["sub_basic"] = 499,
        ["sub_premium"] = 999,
        ["sub_vip"] = 2_499,
    };
}
