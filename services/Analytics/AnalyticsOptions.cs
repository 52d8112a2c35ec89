namespace AeThexLive.Analytics;

/// <summary>Settings under "Analytics" (README lists them with their defaults).</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Most events one batch (one transaction) takes.</summary>
    public int BatchMessageLimit { get; set; } = 500;
    /// <summary>How long a batch waits for more events after its first before it is written anyway.</summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(100);
    /// <summary>Batches of one event type written at the same time.</summary>
    public int BatchConcurrency { get; set; } = 2;
    /// <summary>How often the rollup worker looks for dirty buckets when no batch in this process signalled it.</summary>
    public TimeSpan RollupPollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Most dirty marks of one kind (batches append one per bucket they touch) taken in one pass; their buckets are recomputed in one statement.</summary>
    public int RollupMarksPerPass { get; set; } = 2000;
    /// <summary>
    /// The most of its time the rollup worker spends computing under sustained load (0–1]: after
    /// a pass that took d, it rests d × (1 − share) ÷ share before the next. A busy broadcast's hour
    /// is recomputed from all its facts, so passes back to back would take a core from ingest.
    /// </summary>
    public double RollupBusyShare { get; set; } = 0.5;
    /// <summary>How long a full rebuild may run.</summary>
    public TimeSpan RebuildTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
