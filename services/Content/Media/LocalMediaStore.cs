using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AeThexLive.Content.Media;

/// <summary>
/// Media on the ingest host's disk, served by its nginx (AppHost/scripts/local/nginx.sh):
/// public files under media/ at /media/…, private ones under media-private/ at
/// /media/private/&lt;signature&gt;/&lt;expires&gt;/… (nginx's secure_link). Staging happens in media-work/,
/// on the same file system, so publishing is one rename(2): atomic.
/// </summary>
public sealed class LocalMediaStore(IOptions<MediaOptions> options, TimeProvider clock) : IMediaStore
{
    private MediaOptions Options => options.Value;
    private string PublicRoot => Path.Combine(Options.IngestDirectory, "media");
    private string PrivateRoot => Path.Combine(Options.IngestDirectory, "media-private");
    private string WorkRoot => Path.Combine(Options.IngestDirectory, "media-work");

    public MediaStaging Stage(string purpose)
    {
        var path = Path.Combine(WorkRoot, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new MediaStaging(path);
    }

    public Task PublishAsync(MediaStaging staging, MediaItem item, bool isPublic, CancellationToken cancellationToken)
    {
        var target = Folder(item, isPublic);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Readable by nginx's workers (they run as nobody when the ingest runs as root).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(staging.Path, (UnixFileMode)0b111_101_101);
            foreach (var file in Directory.EnumerateFiles(staging.Path)) File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        }
        Directory.Move(staging.Path, target);
        return Task.CompletedTask;
    }

    public Task ReplaceAsync(MediaItem item, bool isPublic, string fileName, string stagedFile, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Folder(item, isPublic), CheckedFileName(fileName));
        // Beside the target first (same directory, same file system), then one rename over it.
        var beside = target + ".new";
        File.Copy(stagedFile, beside, overwrite: true);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(beside, (UnixFileMode)0b110_100_100);
        File.Move(beside, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task SetVisibilityAsync(MediaItem item, bool isPublic, CancellationToken cancellationToken)
    {
        var from = Folder(item, !isPublic);
        var to = Folder(item, isPublic);
        if (Directory.Exists(from) && !Directory.Exists(to))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            Directory.Move(from, to);
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(MediaItem item, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { Folder(item, true), Folder(item, false) })
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    public MediaUrl Url(MediaItem item, string fileName, bool isPublic)
    {
        var relative = $"{KindFolder(item.Kind)}/{item.Key}";
        var prefix = Options.PublicPrefix.TrimEnd('/');
        if (isPublic) return new MediaUrl($"{prefix}/{relative}/{CheckedFileName(fileName)}", null);

        var expiresAt = clock.GetUtcNow().Add(Options.SignedUrlLifetime);
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new MediaUrl($"{prefix}/private/{Sign(expires, relative)}/{expires}/{relative}/{CheckedFileName(fileName)}",
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(expires, CultureInfo.InvariantCulture)).UtcDateTime);
    }

    /// <summary>nginx's secure_link_md5 "$expires/$folder $secret": md5, base64url without padding.</summary>
    private string Sign(string expires, string folder)
    {
        if (Options.SigningSecret.Length == 0) throw new InvalidOperationException("Media:SigningSecret is not set: private media cannot be signed.");
        return Base64Url.EncodeToString(MD5.HashData(Encoding.UTF8.GetBytes($"{expires}/{folder} {Options.SigningSecret}")));
    }

    public string ReadLocation(MediaItem item, string fileName, bool isPublic) => Path.Combine(Folder(item, isPublic), CheckedFileName(fileName));

    public Task<int> RemoveAbandonedStagingAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(WorkRoot)) return Task.FromResult(0);
        var cutoff = clock.GetUtcNow().UtcDateTime - olderThan;
        var removed = 0;
        foreach (var folder in new DirectoryInfo(WorkRoot).EnumerateDirectories().Where(d => d.LastWriteTimeUtc < cutoff))
        {
            try
            {
                folder.Delete(recursive: true);
                removed++;
            }
            catch (IOException)
            {
                // In use or gone meanwhile: the next sweep sees it again.
            }
        }
        return Task.FromResult(removed);
    }

    private string Folder(MediaItem item, bool isPublic)
    {
        if (!MediaKeys.IsWellFormed(item.Key)) throw new ArgumentException("Not a media key.", nameof(item));
        return Path.Combine(isPublic ? PublicRoot : PrivateRoot, KindFolder(item.Kind), item.Key);
    }

    private static string KindFolder(MediaKind kind) => kind == MediaKind.Vod ? "vods" : "clips";

    private static string CheckedFileName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !name.StartsWith('.')
            ? name
            : throw new ArgumentException("Not a media file name.", nameof(name));
}
