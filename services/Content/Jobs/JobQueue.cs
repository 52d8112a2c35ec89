using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using Microsoft.EntityFrameworkCore;
using AeThexLive.Messaging;

namespace AeThexLive.Content.Jobs;

/// <summary>A job a worker holds: the claim is good while LeaseToken is still the job's.</summary>
public sealed record ClaimedJob(Guid Id, string Kind, string? Payload, int Attempts, Guid LeaseToken, string? OutputKey);

/// <summary>
/// Jobs in PostgreSQL, claimed with FOR UPDATE SKIP LOCKED and a lease. Two workers (in one
/// instance or several) never hold one job: the claim is a single UPDATE of a row no one else has
/// locked, and it takes a fresh lease token. A worker renews its lease while it works; one that
/// dies stops renewing, and once the lease runs out the job is claimable again. Every step after
/// the claim names the token, so a worker that lost its lease (paused past it, or its job was
/// deleted) can no longer finish or fail the job: the job completes once.
/// </summary>
public sealed class JobQueue(ContentDbContext db, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<ClaimedJob?> ClaimAsync(string kind, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now;
        var token = Guid.NewGuid();
        var claimed = await db.ProcessingJobs.FromSql($"""
            UPDATE processing_jobs AS j
            SET lease_token = {token}, leased_until = {SqlTimestamp.Of(now + lease)}, attempts = j.attempts + 1
            FROM (SELECT id FROM processing_jobs
                  WHERE kind = {kind} AND finished_at IS NULL AND run_after <= {SqlTimestamp.Of(now)}
                    AND (leased_until IS NULL OR leased_until < {SqlTimestamp.Of(now)})
                  ORDER BY run_after
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED) AS next
            WHERE j.id = next.id
            RETURNING j.*
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.SingleOrDefault() is { } job
            ? new ClaimedJob(job.Id, job.Kind, job.Payload, job.Attempts, token, job.OutputKey)
            : null;
    }

    /// <returns>false when the lease is no longer this worker's.</returns>
    public async Task<bool> RenewAsync(ClaimedJob job, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = Now + lease;
        return await db.ProcessingJobs.Where(j => j.Id == job.Id && j.LeaseToken == job.LeaseToken && j.FinishedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeasedUntil, until), cancellationToken) == 1;
    }

    /// <summary>Notes the media folder an attempt is about to publish, so that a crash before it commits leaves it findable.</summary>
    public async Task<bool> RecordOutputAsync(ClaimedJob job, string outputKey, CancellationToken cancellationToken) =>
        await db.ProcessingJobs.Where(j => j.Id == job.Id && j.LeaseToken == job.LeaseToken && j.FinishedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.OutputKey, outputKey), cancellationToken) == 1;

    /// <summary>
    /// Locks the job for the caller's transaction if this worker still holds it. Finish it in the
    /// same transaction as the change it brings (a VOD ready and its VodReady event).
    /// </summary>
    public async Task<ProcessingJob?> LockIfHeldAsync(ClaimedJob job, CancellationToken cancellationToken) =>
        (await db.ProcessingJobs.FromSql($"SELECT * FROM processing_jobs WHERE id = {job.Id} AND lease_token = {job.LeaseToken} AND finished_at IS NULL FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();

    public void Finish(ProcessingJob job, string? error)
    {
        db.Entry(job).Property(j => j.FinishedAt).CurrentValue = Now;
        db.Entry(job).Property(j => j.LeaseToken).CurrentValue = null;
        db.Entry(job).Property(j => j.LeasedUntil).CurrentValue = null;
        db.Entry(job).Property(j => j.LastError).CurrentValue = error;
    }

    /// <summary>Gives the job back to be tried again after <paramref name="delay"/>.</summary>
    public async Task RetryLaterAsync(ClaimedJob job, string error, TimeSpan delay, CancellationToken cancellationToken)
    {
        var runAfter = Now + delay;
        await db.ProcessingJobs.Where(j => j.Id == job.Id && j.LeaseToken == job.LeaseToken && j.FinishedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.LeaseToken, (Guid?)null)
                .SetProperty(j => j.LeasedUntil, (DateTime?)null)
                .SetProperty(j => j.LastError, error)
                .SetProperty(j => j.RunAfter, runAfter), cancellationToken);
    }

    /// <summary>The service is stopping: the job goes back at once, and this claim does not count as an attempt.</summary>
    public async Task ReleaseAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await db.ProcessingJobs.Where(j => j.Id == job.Id && j.LeaseToken == job.LeaseToken && j.FinishedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.LeaseToken, (Guid?)null)
                .SetProperty(j => j.LeasedUntil, (DateTime?)null)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1), cancellationToken);
    }
}
