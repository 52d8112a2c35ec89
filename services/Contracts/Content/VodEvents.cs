namespace AeThexLive.Contracts.Content;

/// <summary>An ended broadcast is watchable as a VOD (sent once per VOD).</summary>
public sealed record VodReady(
    Guid VodId, Guid StreamId, Guid ChannelId, Guid OwnerId, string ChannelSlug, string? Title, int DurationSeconds, bool IsPublic, DateTime ReadyAt);

/// <summary>An ended broadcast could not be made into a VOD; Reason says why (missing, empty or corrupt recording).</summary>
public sealed record VodFailed(Guid VodId, Guid StreamId, Guid ChannelId, Guid OwnerId, string ChannelSlug, string Reason, DateTime FailedAt);
