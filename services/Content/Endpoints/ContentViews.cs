using AeThexLive.Content.Domain;
using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;

namespace AeThexLive.Content.Endpoints;

/// <summary>The storyboard's sprite sheets and how to find a moment's tile in them.</summary>
public sealed record StoryboardView(IReadOnlyList<string> Sheets, int TileWidth, int TileHeight, int Columns, int Rows, double IntervalSeconds, int Tiles);

/// <summary>
/// A VOD. Media URLs are set once it is ready; while it is private they are signed and stop
/// working at MediaUrlsExpireAt (ask again for fresh ones). StoryboardUrl is a WebVTT thumbnails track.
/// </summary>
public sealed record VodResponse(
    Guid Id,
    Guid StreamId,
    Guid ChannelId,
    string ChannelSlug,
    string? Title,
    string? Description,
    string ProcessingStatus,
    string? FailureReason,
    bool IsPublic,
    int? DurationSeconds,
    int Views,
    string? PlaybackUrl,
    string? ThumbnailUrl,
    string? StoryboardUrl,
    StoryboardView? Storyboard,
    DateTime? MediaUrlsExpireAt,
    DateTime CreatedAt,
    DateTime? ReadyAt);

public sealed record ViewCount(int Views);

public sealed record ClipPerson(Guid Id, string? Username, string? DisplayName);

public sealed record ClipChannel(Guid Id, string Slug);

/// <summary>Where a clip comes from: a VOD (at OffsetSeconds) or a live broadcast (OffsetSeconds into it).</summary>
public sealed record ClipSource(string Kind, Guid? VodId, Guid? StreamId, int? OffsetSeconds);

public sealed record ClipResponse(
    Guid Id,
    string Slug,
    string Title,
    string Status,
    string? FailureReason,
    string? VideoUrl,
    string? ThumbnailUrl,
    int? DurationSeconds,
    int Views,
    int Likes,
    ClipPerson Creator,
    ClipChannel Channel,
    ClipSource Source,
    DateTime CreatedAt);

public sealed record ClipAccepted(string Slug, string Status);

public sealed record ClipLikes(string Slug, int Likes, bool Liked);

internal static class ContentViews
{
    /// <param name="signPrivate">Only the owner's own request gets signed addresses of private media.</param>
    public static VodResponse ToResponse(Vod vod, IMediaStore store, bool isOwner, bool signPrivate)
    {
        var media = vod is { IsReady: true, MediaKey: { } key } && (vod.IsPublic || signPrivate) ? new MediaItem(MediaKind.Vod, key) : (MediaItem?)null;
        MediaUrl? Url(string file) => media is { } item ? store.Url(item, file, vod.IsPublic) : null;
        var playback = Url(VodRenderer.VideoFile);
        var storyboard = media is not null && vod.Storyboard is { } layout
            ? new StoryboardView(Enumerable.Range(1, layout.Sheets).Select(sheet => Url(VodRenderer.StoryboardSheetFile(sheet))!.Url).ToList(),
                layout.TileWidth, layout.TileHeight, layout.Columns, layout.Rows, layout.IntervalSeconds, layout.Tiles)
            : null;
        return new VodResponse(vod.Id, vod.StreamId, vod.ChannelId, vod.ChannelSlug, vod.Title, vod.Description, vod.ProcessingStatus,
            isOwner ? vod.FailureReason : null, vod.IsPublic, vod.DurationSeconds, vod.Views, playback?.Url, Url(VodRenderer.ThumbnailFile)?.Url,
            Url(VodRenderer.StoryboardTrackFile)?.Url, storyboard, playback?.ExpiresAt, vod.CreatedAt, vod.ReadyAt);
    }

    public static ClipResponse ToResponse(Clip clip, string? username, string? displayName) => new(
        clip.Id, clip.Slug, clip.Title, clip.Status, clip.FailureReason, clip.VideoUrl, clip.ThumbnailUrl, clip.DurationSeconds, clip.Views, clip.Likes,
        new ClipPerson(clip.CreatorId, username, displayName),
        new ClipChannel(clip.ChannelId, clip.ChannelSlug),
        new ClipSource(clip.IsLive ? "live" : "vod", clip.VodId, clip.StreamId, clip.StartSeconds),
        clip.CreatedAt);
}
