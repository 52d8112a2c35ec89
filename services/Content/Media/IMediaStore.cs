namespace AeThexLive.Content.Media;

public enum MediaKind { Vod, Clip }

/// <summary>A published folder of media: a VOD's or a clip's files, named by a random key.</summary>
public readonly record struct MediaItem(MediaKind Kind, string Key);

/// <summary>
/// Where published media lives and how it is addressed. Everything that knows paths or URLs of
/// media is behind this interface (local disk under the ingest server's data folder today), so an
/// S3-compatible store can take its place: staging stays a local folder ffmpeg writes to, and
/// publishing becomes an upload.
/// </summary>
public interface IMediaStore
{
    /// <summary>An empty local folder to render into; disposing it removes whatever was not published.</summary>
    MediaStaging Stage(string purpose);

    /// <summary>
    /// Makes the staged files the item's media, all at once: readers see either nothing or every
    /// file complete. Private items are reachable only through <see cref="Url"/>'s signed addresses.
    /// </summary>
    Task PublishAsync(MediaStaging staging, MediaItem item, bool isPublic, CancellationToken cancellationToken);

    /// <summary>Replaces one published file by a staged one atomically (readers get the old file or the new one, whole).</summary>
    Task ReplaceAsync(MediaItem item, bool isPublic, string fileName, string stagedFile, CancellationToken cancellationToken);

    /// <summary>Moves published media between the public and the private side; nothing happens if it is already there.</summary>
    Task SetVisibilityAsync(MediaItem item, bool isPublic, CancellationToken cancellationToken);

    /// <summary>Removes the item's media wherever it is; nothing happens if it is gone already.</summary>
    Task DeleteAsync(MediaItem item, CancellationToken cancellationToken);

    /// <summary>The address clients fetch a file at: plain while public, signed and short-lived while private.</summary>
    MediaUrl Url(MediaItem item, string fileName, bool isPublic);

    /// <summary>Where ffmpeg reads a published file from (a local path here; a URL for a remote store).</summary>
    string ReadLocation(MediaItem item, string fileName, bool isPublic);

    /// <summary>Removes staging folders left by workers that died mid-job.</summary>
    Task<int> RemoveAbandonedStagingAsync(TimeSpan olderThan, CancellationToken cancellationToken);
}

/// <summary>A client-facing address; ExpiresAt is set when it is signed.</summary>
public sealed record MediaUrl(string Url, DateTime? ExpiresAt);

/// <summary>A private work folder; files in it are not visible to anyone until published.</summary>
public sealed class MediaStaging(string path) : IDisposable
{
    public string Path { get; } = path;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for RemoveAbandonedStagingAsync.
        }
    }
}
