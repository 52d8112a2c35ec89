namespace AeThexLive.Content.Jobs;

/// <summary>Does one kind of job. Both methods finish the job in the same transaction as their effect, through <see cref="JobQueue"/>.</summary>
public interface IJobHandler
{
    string Kind { get; }
    TimeSpan Lease { get; }
    int MaxAttempts { get; }
    TimeSpan RetryDelay { get; }
    /// <summary>Jobs of this kind one instance runs at once.</summary>
    int Workers { get; }
    /// <summary>How often idle workers look for jobs no local signal announced (other instances', retries).</summary>
    TimeSpan PollInterval { get; }

    /// <summary>Does the work; a <see cref="Processing.MediaProblem"/> says why it cannot be done, and the job is retried or failed.</summary>
    Task RunAsync(IServiceProvider services, ClaimedJob job, CancellationToken cancellationToken);

    /// <summary>Gives up on the job for good, recording <paramref name="reason"/> where users see it.</summary>
    Task FailAsync(IServiceProvider services, ClaimedJob job, string reason, CancellationToken cancellationToken);
}

/// <summary>The job is no longer this worker's (its lease ran out, or its subject was deleted): its work is dropped.</summary>
public sealed class LeaseLostException() : Exception("The job's lease is no longer held.");
