using AeThexLive.Content.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Content.Data.Configurations;

internal sealed class ProcessingJobConfiguration : IEntityTypeConfiguration<ProcessingJob>
{
    public void Configure(EntityTypeBuilder<ProcessingJob> job)
    {
        job.ToTable("processing_jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).ValueGeneratedNever();
        job.Property(j => j.Kind).HasMaxLength(10);
        job.Property(j => j.Payload).HasColumnType("jsonb");
        job.Property(j => j.OutputKey).HasMaxLength(64);
        // What a worker looks for: unfinished jobs of its kind, soonest first.
        job.HasIndex(j => new { j.Kind, j.RunAfter }).HasFilter("finished_at IS NULL").HasDatabaseName("idx_processing_jobs_pending");
    }
}

internal sealed class MediaDeletionConfiguration : IEntityTypeConfiguration<MediaDeletion>
{
    public void Configure(EntityTypeBuilder<MediaDeletion> deletion)
    {
        deletion.ToTable("media_deletions");
        deletion.HasKey(d => d.Id);
        deletion.Property(d => d.Id).ValueGeneratedNever();
        deletion.Property(d => d.Kind).HasMaxLength(20);
        deletion.HasIndex(d => d.DueAt).HasDatabaseName("idx_media_deletions_due_at");
    }
}

internal sealed class ViewRecordConfiguration : IEntityTypeConfiguration<ViewRecord>
{
    public void Configure(EntityTypeBuilder<ViewRecord> view)
    {
        view.ToTable("media_views");
        view.HasKey(v => new { v.SubjectId, v.ViewerKey, v.Day });
        view.Property(v => v.ViewerKey).HasMaxLength(80);
        view.HasIndex(v => v.Day).HasDatabaseName("idx_media_views_day");
    }
}
