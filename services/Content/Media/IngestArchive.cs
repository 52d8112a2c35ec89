using System.Globalization;
using Microsoft.Extensions.Options;

namespace AeThexLive.Content.Media;

/// <summary>A fragment of the live clip buffer: its file, when its first frame arrived (UTC), and how long it runs.</summary>
public sealed record DvrFragment(string Path, DateTime StartsAt, double Seconds)
{
    public DateTime EndsAt => StartsAt.AddSeconds(Seconds);
}

/// <summary>
/// What the ingest server writes and Content reads: broadcast recordings (recordings/) and the live
/// clip buffer (dvr/&lt;slug&gt;/, whose fragments nginx names by the wall-clock millisecond they start at).
/// Paths that arrive in events are used only when they lie inside recordings/.
/// </summary>
public sealed class IngestArchive(IOptions<MediaOptions> options)
{
    private string RecordingsRoot => Path.GetFullPath(Path.Combine(options.Value.IngestDirectory, "recordings"));
    private string DvrRoot => Path.Combine(options.Value.IngestDirectory, "dvr");

    /// <summary>The recording's full path, or null when the path names anything outside the recordings folder.</summary>
    public string? Recording(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || options.Value.IngestDirectory.Length == 0) return null;
        var full = Path.GetFullPath(path, RecordingsRoot);
        return full.StartsWith(RecordingsRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    public void DeleteRecording(string path)
    {
        if (Recording(path) is { } full && File.Exists(full)) File.Delete(full);
    }

    /// <summary>The buffer's complete fragments for a channel, oldest first (empty when there is none).</summary>
    public async Task<IReadOnlyList<DvrFragment>> DvrFragmentsAsync(string channelSlug, CancellationToken cancellationToken)
    {
        if (channelSlug.Length == 0 || !channelSlug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) return [];
        var folder = Path.Combine(DvrRoot, channelSlug);
        var playlist = Path.Combine(folder, "index.m3u8");
        string text;
        try
        {
            text = await File.ReadAllTextAsync(playlist, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        return Parse(folder, text);
    }

    /// <summary>Reads nginx-rtmp's playlist: each #EXTINF duration, then the fragment named by its start in Unix milliseconds.</summary>
    internal static IReadOnlyList<DvrFragment> Parse(string folder, string playlist)
    {
        var fragments = new List<DvrFragment>();
        double? seconds = null;
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..].Split(',')[0];
                seconds = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
            }
            else if (line.EndsWith(".ts", StringComparison.Ordinal) && seconds is { } duration
                     && long.TryParse(line[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out var startMs))
            {
                fragments.Add(new DvrFragment(Path.Combine(folder, line), DateTimeOffset.FromUnixTimeMilliseconds(startMs).UtcDateTime, duration));
                seconds = null;
            }
        }
        return fragments;
    }
}
