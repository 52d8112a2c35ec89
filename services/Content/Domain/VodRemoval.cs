using AeThexLive.Content.Data;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Content.Domain;

/// <summary>
/// Deleting a VOD (its owner, an admin, or retention): the row and its job go, its media and
/// recordings are queued for removal in the same transaction, and clips cut from it stay (their
/// link to it is cleared by the foreign key).
/// </summary>
public static class VodRemoval
{
    /// <summary>Call inside a transaction with the VOD locked; SaveChanges commits the rest.</summary>
    public static async Task RemoveAsync(ContentDbContext db, Vod vod, DateTime now, CancellationToken cancellationToken)
    {
        var job = await db.ProcessingJobs.FromSql($"SELECT * FROM processing_jobs WHERE id = {vod.Id} FOR UPDATE").ToListAsync(cancellationToken);
        foreach (var key in job.Select(j => j.OutputKey).Append(vod.MediaKey).OfType<string>().Distinct())
        {
            db.MediaDeletions.Add(new MediaDeletion(DeletionKinds.VodMedia, key, now));
        }
        foreach (var path in vod.RecordingPaths) db.MediaDeletions.Add(new MediaDeletion(DeletionKinds.Recording, path, now));
        db.ProcessingJobs.RemoveRange(job);
        db.Vods.Remove(vod);
    }
}
