namespace AeThexLive.Chat.Domain;

/// <summary>A channel's chat rules (owner and moderators set them; they themselves are exempt).</summary>
public sealed class ChatSettings
{
    private readonly List<string> _blockedTerms = [];

    private ChatSettings() { }

    public ChatSettings(Guid channelId, DateTime now)
    {
        ChannelId = channelId;
        UpdatedAt = now;
    }

    public Guid ChannelId { get; private set; }
    /// <summary>Seconds a user waits between messages; 0 is off.</summary>
    public int SlowModeSeconds { get; private set; }
    /// <summary>Only followers of at least this many minutes may talk; null is off.</summary>
    public int? FollowersOnlyMinutes { get; private set; }
    public bool EmoteOnly { get; private set; }
    /// <summary>Messages containing one of these (case-insensitively) wait in the moderation queue.</summary>
    public IReadOnlyList<string> BlockedTerms => _blockedTerms;
    public DateTime UpdatedAt { get; private set; }

    public void Update(int slowModeSeconds, int? followersOnlyMinutes, bool emoteOnly, IEnumerable<string> blockedTerms, DateTime now)
    {
        SlowModeSeconds = slowModeSeconds;
        FollowersOnlyMinutes = followersOnlyMinutes;
        EmoteOnly = emoteOnly;
        _blockedTerms.Clear();
        _blockedTerms.AddRange(blockedTerms.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct());
        UpdatedAt = now;
    }

    /// <summary>The first blocked term the message contains, compared as both look (<see cref="TextSkeleton"/>), so look-alike letters do not pass.</summary>
    public string? BlockedTermIn(string message)
    {
        if (_blockedTerms.Count == 0) return null;
        var looks = TextSkeleton.Of(message);
        return _blockedTerms.FirstOrDefault(term => looks.Contains(TextSkeleton.Of(term), StringComparison.Ordinal));
    }
}

/// <summary>Chat's copy of who follows a channel since when (ChannelFollowed/ChannelUnfollowed), for followers-only mode.</summary>
public sealed class ChannelFollowerReplica
{
    private ChannelFollowerReplica() { }

    public ChannelFollowerReplica(Guid channelId, Guid userId, DateTime followedAt)
    {
        ChannelId = channelId;
        UserId = userId;
        FollowedAt = followedAt;
    }

    public Guid ChannelId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime FollowedAt { get; private set; }
}
