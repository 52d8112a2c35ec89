namespace AeThexLive.Content;

/// <summary>Settings under "Media": where media lives and how private media is signed.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>
    /// The ingest server's data folder (the AppHost gives it; AppHost/scripts/local/nginx.sh lays it out):
    /// recordings/ and dvr/ that nginx writes, media/ that it serves, media-private/ that it serves
    /// only by signed URL, and media-work/ where outputs are staged before they move into place.
    /// </summary>
    public string IngestDirectory { get; set; } = "";
    /// <summary>Shared with nginx's secure_link: signs private media URLs.</summary>
    public string SigningSecret { get; set; } = "";
    /// <summary>How long a signed URL of private media works.</summary>
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The URL prefix nginx serves media/ under (through the gateway).</summary>
    public string PublicPrefix { get; set; } = "/media";
}

/// <summary>Settings under "Vods".</summary>
public sealed class VodOptions
{
    public const string Section = "Vods";

    /// <summary>How long a claimed job stays a worker's without it renewing its claim.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Claims of one job, crashes included, before it is failed for good.</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>Wait before a failed attempt is tried again (doubled each time).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How often workers look for jobs that no local signal announced (other instances, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Source recordings are removed this long after their VOD is ready.</summary>
    public TimeSpan SourceRetention { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>VODs older than this are removed with their files (clips stay).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);
    /// <summary>Per-channel retention by channel slug, overriding <see cref="Retention"/> (e.g. partners keep VODs longer).</summary>
    public Dictionary<string, TimeSpan> ChannelRetention { get; set; } = [];
    /// <summary>
    /// Caps how fast a VOD job reads its recordings, as a multiple of real time (0: as fast as the
    /// disk allows). On a host that also serves live streams this keeps remuxing from starving them.
    /// </summary>
    public double ReadRate { get; set; }
}

/// <summary>Settings under "Clips".</summary>
public sealed class ClipOptions
{
    public const string Section = "Clips";

    public const int MinSeconds = 5;
    public const int MaxSeconds = 60;
    public const int DefaultSeconds = 30;

    /// <summary>How long a claimed clip job stays a worker's without it renewing its claim.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(15);
    public int MaxAttempts { get; set; } = 3;
    /// <summary>How far the DVR buffer reaches back (nginx keeps 120 s; a margin keeps a cut from racing its cleanup).</summary>
    public TimeSpan LiveBuffer { get; set; } = TimeSpan.FromSeconds(100);
}

/// <summary>Settings under "Janitor": the sweep that removes files and expired VODs.</summary>
public sealed class JanitorOptions
{
    public const string Section = "Janitor";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
