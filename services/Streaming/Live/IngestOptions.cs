namespace AeThexLive.Streaming.Live;

/// <summary>Settings under "Ingest" (the AppHost fills in the addresses and the callback secret).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>What creators point OBS at, e.g. rtmp://localhost:1935/live.</summary>
    public string RtmpUrl { get; set; } = "rtmp://localhost:1935/live";
    /// <summary>nginx's HTTP address, for its control module (dropping a publisher).</summary>
    public string? ControlUrl { get; set; }
    /// <summary>nginx adds it to every callback; callbacks without it are refused.</summary>
    public string CallbackSecret { get; set; } = "";
    /// <summary>The relay from the public application to the internal one carries it; a publish there without it is refused.</summary>
    public string RelaySecret { get; set; } = "";
    /// <summary>Secret the stored stream keys are encrypted with (never in the database).</summary>
    public string StreamKeyEncryptionKey { get; set; } = "";
    /// <summary>nginx transcodes to several renditions; players then start from the master playlist.</summary>
    public bool AbrLadder { get; set; }
    /// <summary>A publisher that comes back within this time continues the same stream.</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Settings under "Viewers".</summary>
public sealed class ViewerOptions
{
    public const string Section = "Viewers";

    /// <summary>A viewer counts until this long without a heartbeat.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Anonymous viewer ids one address may hold at once on a stream (a household, not a bot farm).</summary>
    public int MaxAnonymousViewersPerAddress { get; set; } = 10;
    /// <summary>How often counts are swept, persisted and sessions closed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);
}
