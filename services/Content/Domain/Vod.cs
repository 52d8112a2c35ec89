namespace AeThexLive.Content.Domain;

public static class VodProcessingStatuses
{
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>The recording of an ended stream.</summary>
public sealed class Vod
{
    private Vod() { }

    public Vod(Guid id, Guid streamId, Guid? channelId, string? title, string? description, DateTime now)
    {
        Id = id;
        StreamId = streamId;
        ChannelId = channelId;
        Title = title;
        Description = description;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    /// <summary>
    /// Not in schema.sql: the channel the stream belonged to, copied when the VOD is made, so
    /// Content can list a channel's VODs without a stream-to-channel lookup.
    /// </summary>
    public Guid? ChannelId { get; private set; }
    public string? Title { get; private set; }
    public string? Description { get; private set; }
    public string? ThumbnailUrl { get; private set; }
    public int? DurationSeconds { get; private set; }
    public int Views { get; private set; }
    public bool IsPublic { get; private set; } = true;
    public string ProcessingStatus { get; private set; } = VodProcessingStatuses.Processing;
    public DateTime CreatedAt { get; private set; }

    public bool IsReady => ProcessingStatus == VodProcessingStatuses.Ready;

    public void MarkReady(int durationSeconds, string? thumbnailUrl)
    {
        DurationSeconds = durationSeconds;
        ThumbnailUrl = thumbnailUrl;
        ProcessingStatus = VodProcessingStatuses.Ready;
    }

    public void MarkFailed() => ProcessingStatus = VodProcessingStatuses.Failed;

    public void UpdateDetails(string? title, string? description, bool isPublic)
    {
        Title = title;
        Description = description;
        IsPublic = isPublic;
    }
}
