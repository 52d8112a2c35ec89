namespace AeThexLive.Content.Domain;

/// <summary>A short cut from a live stream or a VOD.</summary>
public sealed class Clip
{
    private Clip() { }

    public Clip(
        Guid id, Guid? vodId, Guid? streamId, Guid creatorId, Guid channelId, string title, string slug,
        string? description, int startSeconds, int durationSeconds, DateTime now)
    {
        if (vodId is null && streamId is null) throw new ArgumentException("A clip comes from a VOD or a stream.");
        Id = id;
        VodId = vodId;
        StreamId = streamId;
        CreatorId = creatorId;
        ChannelId = channelId;
        Title = title;
        Slug = slug;
        Description = description;
        StartSeconds = startSeconds;
        DurationSeconds = durationSeconds;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid? VodId { get; private set; }
    public Guid? StreamId { get; private set; }
    public Guid CreatorId { get; private set; }
    public Guid ChannelId { get; private set; }
    public string Title { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public string? Description { get; private set; }
    public string? ThumbnailUrl { get; private set; }
    public string? VideoUrl { get; private set; }
    public int? StartSeconds { get; private set; }
    public int? DurationSeconds { get; private set; }
    public int Views { get; private set; }
    /// <summary>Equals the clip's clip_likes rows; raise and lower it in the database together with them.</summary>
    public int Likes { get; private set; }
    public bool IsPublic { get; private set; } = true;
    public DateTime CreatedAt { get; private set; }

    public void AttachMedia(string videoUrl, string? thumbnailUrl)
    {
        VideoUrl = videoUrl;
        ThumbnailUrl = thumbnailUrl;
    }

    public void SetVisibility(bool isPublic) => IsPublic = isPublic;
}

public sealed class ClipLike
{
    private ClipLike() { }

    public ClipLike(Guid userId, Guid clipId, DateTime now)
    {
        UserId = userId;
        ClipId = clipId;
        CreatedAt = now;
    }

    public Guid UserId { get; private set; }
    public Guid ClipId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
