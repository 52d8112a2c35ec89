namespace AeThexLive.Contracts.Content;

/// <summary>A clip is ready to watch. VodId or StreamId names what it was cut from.</summary>
public sealed record ClipCreated(
    Guid ClipId, string Slug, Guid ChannelId, string ChannelSlug, Guid CreatorId, Guid? VodId, Guid? StreamId, string Title,
    int DurationSeconds, DateTime CreatedAt);
