namespace AeThexLive.Content.Domain;

public static class ClipStatuses
{
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>A short cut from a live stream or a VOD.</summary>
public sealed class Clip
{
    private Clip() { }

    private Clip(Guid id, Guid? vodId, Guid? streamId, Guid creatorId, Guid channelId, string channelSlug, string title, string slug,
        int? startSeconds, int durationSeconds, DateTime now)
    {
        Id = id;
        VodId = vodId;
        StreamId = streamId;
        CreatorId = creatorId;
        ChannelId = channelId;
        ChannelSlug = channelSlug;
        Title = title.Length > 255 ? title[..255] : title;
        Slug = slug;
        StartSeconds = startSeconds;
        DurationSeconds = durationSeconds;
        CreatedAt = now;
    }

    /// <param name="offsetSeconds">Where in the VOD the clip starts.</param>
    public static Clip FromVod(Vod vod, Guid creatorId, string title, string slug, int offsetSeconds, int durationSeconds, DateTime now) =>
        new(Guid.CreateVersion7(), vod.Id, vod.StreamId, creatorId, vod.ChannelId, vod.ChannelSlug, title, slug, offsetSeconds, durationSeconds, now);

    /// <param name="startSeconds">How far into the broadcast the clip starts.</param>
    public static Clip FromLive(Guid streamId, Guid channelId, string channelSlug, Guid creatorId, string title, string slug,
        int startSeconds, int durationSeconds, DateTime now) =>
        new(Guid.CreateVersion7(), null, streamId, creatorId, channelId, channelSlug, title, slug, startSeconds, durationSeconds, now) { IsLive = true };

    public Guid Id { get; private set; }
    /// <summary>The VOD it was cut from; cleared when that VOD is deleted (the clip stays).</summary>
    public Guid? VodId { get; private set; }
    /// <summary>The broadcast it shows (live clips, and VOD clips through their VOD's stream).</summary>
    public Guid? StreamId { get; private set; }
    public Guid CreatorId { get; private set; }
    public Guid ChannelId { get; private set; }
    public string ChannelSlug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public string? Description { get; private set; }
    public string? ThumbnailUrl { get; private set; }
    public string? VideoUrl { get; private set; }
    public int? StartSeconds { get; private set; }
    public int? DurationSeconds { get; private set; }
    /// <summary>Equals the clip's clip_views rows ever counted; raised in the database together with them.</summary>
    public int Views { get; private set; }
    /// <summary>Equals the clip's clip_likes rows; raised and lowered in the database together with them.</summary>
    public int Likes { get; private set; }
    public bool IsPublic { get; private set; } = true;
    public DateTime CreatedAt { get; private set; }
    public string Status { get; private set; } = ClipStatuses.Processing;
    /// <summary>Names the clip's media folder: random, so its address cannot be guessed.</summary>
    public string? MediaKey { get; private set; }
    public string? FailureReason { get; private set; }
    /// <summary>True for a clip cut from the live buffer (StreamId set, no VOD at the time).</summary>
    public bool IsLive { get; private set; }

    public bool IsReady => Status == ClipStatuses.Ready;

    /// <summary>Before the clip is first saved, when its slug turned out to be taken.</summary>
    public void ChangeSlug(string slug) => Slug = slug;

    public void MarkReady(string mediaKey, string videoUrl, string thumbnailUrl, int durationSeconds)
    {
        MediaKey = mediaKey;
        VideoUrl = videoUrl;
        ThumbnailUrl = thumbnailUrl;
        DurationSeconds = durationSeconds;
        Status = ClipStatuses.Ready;
        FailureReason = null;
    }

    public void MarkFailed(string reason)
    {
        Status = ClipStatuses.Failed;
        FailureReason = reason.Length > 500 ? reason[..500] : reason;
    }

    public bool MayBeDeletedBy(Guid userId, bool isAdmin, bool ownsChannel) => isAdmin || ownsChannel || userId == CreatorId;
}
