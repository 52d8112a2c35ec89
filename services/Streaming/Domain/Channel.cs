namespace AeThexLive.Streaming.Domain;

public sealed class Channel
{
    private Channel() { }

    public Channel(Guid id, Guid ownerId, string name, string slug, string? description, string? category, string? language, DateTime now)
    {
        Id = id;
        UserId = ownerId;
        Name = name;
        Slug = slug.ToLowerInvariant();
        Description = description;
        Category = category;
        Language = language;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>The owner (users.id in Identity).</summary>
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>Lower case: slugs are unique regardless of case.</summary>
    public string Slug { get; private set; } = "";
    public string? Description { get; private set; }
    public string? Category { get; private set; }
    public string? Language { get; private set; }
    public bool IsLive { get; private set; }
    public long TotalViews { get; private set; }
    public int FollowerCount { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>Set by an admin: the channel's key is refused at ingest until lifted.</summary>
    public DateTime? SuspendedAt { get; private set; }

    public bool IsOwnedBy(Guid userId) => UserId == userId;

    public void Suspend(DateTime now)
    {
        SuspendedAt ??= now;
        UpdatedAt = now;
    }

    public void Reinstate(DateTime now)
    {
        SuspendedAt = null;
        UpdatedAt = now;
    }

    public void UpdateDetails(string name, string? description, string? category, string? language, DateTime now)
    {
        Name = name;
        Description = description;
        Category = category;
        Language = language;
        UpdatedAt = now;
    }

    public void GoLive(DateTime now)
    {
        IsLive = true;
        UpdatedAt = now;
    }

    public void GoOffline(DateTime now)
    {
        IsLive = false;
        UpdatedAt = now;
    }
}

/// <summary>A user following a channel (table followers).</summary>
public sealed class ChannelFollower
{
    private ChannelFollower() { }

    public ChannelFollower(Guid followerId, Guid channelId, DateTime at)
    {
        FollowerId = followerId;
        ChannelId = channelId;
        FollowDate = at;
    }

    public Guid FollowerId { get; private set; }
    public Guid ChannelId { get; private set; }
    public DateTime FollowDate { get; private set; }
    public bool NotificationEnabled { get; private set; } = true;

    public void SetNotifications(bool enabled) => NotificationEnabled = enabled;
}

/// <summary>
/// The channel's secret RTMP key. Ingest finds it by hash; the owner can read it back because
/// it is also kept encrypted with a key that lives outside the database, so a database dump
/// alone reveals no usable key. Rotating replaces both; the old key stops working at once.
/// </summary>
public sealed class StreamKey
{
    private StreamKey() { }

    public StreamKey(Guid channelId, string keyHash, byte[] encryptedKey, DateTime now)
    {
        ChannelId = channelId;
        KeyHash = keyHash;
        EncryptedKey = encryptedKey;
        CreatedAt = now;
    }

    public Guid ChannelId { get; private set; }
    public string KeyHash { get; private set; } = "";
    public byte[] EncryptedKey { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime? RotatedAt { get; private set; }

    public void Rotate(string keyHash, byte[] encryptedKey, DateTime now)
    {
        KeyHash = keyHash;
        EncryptedKey = encryptedKey;
        RotatedAt = now;
    }
}
