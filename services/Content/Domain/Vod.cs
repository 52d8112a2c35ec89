namespace AeThexLive.Content.Domain;

public static class VodProcessingStatuses
{
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>The recording of an ended stream, made watchable.</summary>
public sealed class Vod
{
    private Vod() { }

    private Vod(Guid id, Guid streamId, Guid channelId, Guid ownerId, string channelSlug, string? title, IReadOnlyList<string> recordingPaths, DateTime now)
    {
        Id = id;
        StreamId = streamId;
        ChannelId = channelId;
        OwnerId = ownerId;
        ChannelSlug = channelSlug;
        Title = title is { Length: > 255 } ? title[..255] : title;
        RecordingPaths = [.. recordingPaths];
        CreatedAt = now;
    }

    /// <summary>An ended broadcast's VOD, processing until its job has run.</summary>
    public static Vod ForBroadcast(Guid streamId, Guid channelId, Guid ownerId, string channelSlug, string? title, IReadOnlyList<string> recordingPaths, DateTime now) =>
        new(Guid.CreateVersion7(), streamId, channelId, ownerId, channelSlug, title, recordingPaths, now);

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    /// <summary>Not in schema.sql: the stream's channel, copied from StreamEnded, so a channel's VODs list without asking Streaming.</summary>
    public Guid ChannelId { get; private set; }
    /// <summary>Not in schema.sql: the channel's owner, who alone edits the VOD and sees it while private.</summary>
    public Guid OwnerId { get; private set; }
    public string ChannelSlug { get; private set; } = "";
    public string? Title { get; private set; }
    public string? Description { get; private set; }
    /// <summary>The thumbnail's public address while the VOD is public and ready; private thumbnails are signed per request.</summary>
    public string? ThumbnailUrl { get; private set; }
    public int? DurationSeconds { get; private set; }
    /// <summary>Equals the VOD's vod_views rows ever counted; raised in the database together with them.</summary>
    public int Views { get; private set; }
    public bool IsPublic { get; private set; } = true;
    public string ProcessingStatus { get; private set; } = VodProcessingStatuses.Processing;
    public DateTime CreatedAt { get; private set; }
    /// <summary>The recordings nginx wrote for the broadcast (several after reconnects), oldest first.</summary>
    public List<string> RecordingPaths { get; private set; } = [];
    /// <summary>Names the VOD's media folder: random, so its address cannot be guessed.</summary>
    public string? MediaKey { get; private set; }
    public StoryboardLayout? Storyboard { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTime? ReadyAt { get; private set; }

    public bool IsReady => ProcessingStatus == VodProcessingStatuses.Ready;

    public bool IsOwnedBy(Guid? userId) => userId == OwnerId;

    /// <summary>Others see a VOD once it is public and ready; its owner (and admins) always.</summary>
    public bool IsVisibleTo(Guid? userId, bool isAdmin) => (IsPublic && IsReady) || IsOwnedBy(userId) || isAdmin;

    public void MarkReady(string mediaKey, int durationSeconds, StoryboardLayout storyboard, string? publicThumbnailUrl, DateTime now)
    {
        MediaKey = mediaKey;
        DurationSeconds = durationSeconds;
        Storyboard = storyboard;
        ThumbnailUrl = IsPublic ? publicThumbnailUrl : null;
        ProcessingStatus = VodProcessingStatuses.Ready;
        FailureReason = null;
        ReadyAt = now;
    }

    public void MarkFailed(string reason)
    {
        ProcessingStatus = VodProcessingStatuses.Failed;
        FailureReason = reason.Length > 500 ? reason[..500] : reason;
    }

    public void Describe(string? title, string? description)
    {
        Title = title;
        Description = description;
    }

    /// <param name="publicThumbnailUrl">Where the thumbnail is once public (null while the VOD has no media).</param>
    public void SetVisibility(bool isPublic, string? publicThumbnailUrl)
    {
        IsPublic = isPublic;
        ThumbnailUrl = isPublic ? publicThumbnailUrl : null;
    }
}

/// <summary>
/// The storyboard's sprite sheets: tiles of Columns × Rows per sheet, one every IntervalSeconds of
/// the video, left to right and top to bottom; Tiles in all over Sheets sheets.
/// </summary>
public sealed record StoryboardLayout(int TileWidth, int TileHeight, int Columns, int Rows, double IntervalSeconds, int Tiles, int Sheets);
