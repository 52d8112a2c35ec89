using System.Security.Cryptography;
using System.Text;

namespace AeThexLive.Competition.Domain.Leaderboards;

/// <summary>
/// A ranking of users by score: a channel owner's board for their channel, an admin's global
/// board, or one of the boards every channel has (top supporters, top chatters), fed by events.
/// </summary>
public sealed class Leaderboard
{
    private Leaderboard() { }

    public Leaderboard(Guid id, string name, string? game, string period, string scoreMode, string kind, Guid? channelId, Guid? ownerId, DateTime now)
    {
        Id = id;
        Name = name;
        Game = game;
        Period = period;
        ScoreMode = scoreMode;
        Kind = kind;
        ChannelId = channelId;
        OwnerId = ownerId;
        CreatedAt = now;
        ResetDate = LeaderboardPeriod.Containing(period, now).End;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Game { get; private set; }
    public string Period { get; private set; } = LeaderboardPeriods.AllTime;
    /// <summary>When the running period ends and the board starts again (schema.sql's reset_date); null for all-time boards.</summary>
    public DateOnly? ResetDate { get; private set; }
    public string ScoreMode { get; private set; } = ScoreModes.Best;
    public string Kind { get; private set; } = LeaderboardKinds.Custom;
    public Guid? ChannelId { get; private set; }
    /// <summary>Who submits scores to a custom board: its creator. Null for the boards fed by events.</summary>
    public Guid? OwnerId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public bool IsBuiltIn => Kind != LeaderboardKinds.Custom;

    public LeaderboardPeriod PeriodAt(DateTime at) => LeaderboardPeriod.Containing(Period, at);

    /// <summary>
    /// The id of a channel's built-in board: derived from the channel, kind and period (a
    /// name-based UUID, RFC 9562 v5), so whichever event or instance creates it first, it is one board.
    /// </summary>
    public static Guid BuiltInId(Guid channelId, string kind, string period)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes($"aethex-live:leaderboard:{channelId:N}:{kind}:{period}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public static Leaderboard BuiltIn(Guid channelId, string kind, string period, DateTime now)
    {
        var what = kind == LeaderboardKinds.TopSupporters ? "Top supporters" : "Top chatters";
        var when = period switch
        {
            LeaderboardPeriods.Weekly => "this week",
            LeaderboardPeriods.Monthly => "this month",
            _ => "all time",
        };
        return new Leaderboard(BuiltInId(channelId, kind, period), $"{what}, {when}", null, period, ScoreModes.Increment, kind, channelId, null, now);
    }
}
