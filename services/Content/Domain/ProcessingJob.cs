namespace AeThexLive.Content.Domain;

public static class JobKinds
{
    public const string Vod = "vod";
    public const string Clip = "clip";
}

/// <summary>
/// Durable work on a VOD or a clip (Id is the VOD's or the clip's). Workers claim it with a lease
/// (Jobs/JobQueue.cs); every claim counts as an attempt, so a job that crashes its worker still
/// stops after the allowed attempts.
/// </summary>
public sealed class ProcessingJob
{
    private ProcessingJob() { }

    public ProcessingJob(Guid id, string kind, string? payload, DateTime now)
    {
        Id = id;
        Kind = kind;
        Payload = payload;
        RunAfter = now;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";
    /// <summary>What the job needs beyond its subject's row, as JSON (a clip's cut window).</summary>
    public string? Payload { get; private set; }
    public int Attempts { get; private set; }
    public Guid? LeaseToken { get; private set; }
    public DateTime? LeasedUntil { get; private set; }
    public DateTime RunAfter { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>The media folder an attempt is about to publish: a crash between moving it and committing leaves it to clean.</summary>
    public string? OutputKey { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

/// <summary>Files to remove once DueAt has passed: media of deleted VODs and clips, recordings of ready VODs.</summary>
public sealed class MediaDeletion
{
    private MediaDeletion() { }

    public MediaDeletion(string kind, string key, DateTime dueAt)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        Key = key;
        DueAt = dueAt;
    }

    public Guid Id { get; private set; }
    /// <summary>vod, clip (Key is the media key) or recording (Key is the recording's path).</summary>
    public string Kind { get; private set; } = "";
    public string Key { get; private set; } = "";
    public DateTime DueAt { get; private set; }
}

public static class DeletionKinds
{
    public const string VodMedia = "vod";
    public const string ClipMedia = "clip";
    public const string Recording = "recording";
}

/// <summary>A viewer counted for a VOD or a clip on a day (UTC): one row per viewer a day is what makes a view count once.</summary>
public sealed class ViewRecord
{
    private ViewRecord() { }

    public Guid SubjectId { get; private set; }
    public string ViewerKey { get; private set; } = "";
    public DateOnly Day { get; private set; }
}
