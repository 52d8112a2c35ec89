using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using AeThexLive.Messaging.Mail;
using AeThexLive.Messaging.Users;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AeThexLive.Messaging;

/// <summary>
/// Base of every service's DbContext: carries the outbox and inbox tables and the
/// conventions all slices share (UTC times stored in schema.sql's TIMESTAMP columns).
/// </summary>
public abstract class MessagingDbContext(DbContextOptions options) : DbContext(options)
{
    internal static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    /// <summary>Events were queued since the relay was last woken for this context (<see cref="OutboxSignalInterceptor"/>).</summary>
    internal bool HasUnsignalledEvents { get; set; }

    /// <summary>
    /// Queues an integration event; it is saved by the next SaveChanges, in the same
    /// transaction as the rest of the unit of work, and published afterwards by the relay.
    /// </summary>
    public void AddEvent<TEvent>(TEvent @event) where TEvent : class
    {
        HasUnsignalledEvents = true;
        var type = typeof(TEvent);
        OutboxMessages.Add(new OutboxMessage(
            Guid.CreateVersion7(),
            $"{type.FullName}, {type.Assembly.GetName().Name}",
            JsonSerializer.Serialize(@event, type, EventJson),
            DateTime.UtcNow));
    }

    /// <summary>
    /// Saves a few new rows (a chat message and its event, say) in one round trip instead of
    /// two. EF sends them as one batch of INSERTs and Npgsql ends a batch with a single Sync,
    /// so PostgreSQL runs it as one implicit transaction: all the rows or none. Anything else
    /// (updates, deletes, or more rows than one batch is sure to hold) is saved the usual way,
    /// inside a transaction.
    /// </summary>
    public async Task<int> SaveNewRowsAsync(CancellationToken cancellationToken)
    {
        var changes = ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList();
        if (Database.CurrentTransaction is not null || changes.Count > MaxRowsInOneBatch || changes.Any(e => e.State != EntityState.Added))
        {
            return await SaveChangesAsync(cancellationToken);
        }
        var behavior = Database.AutoTransactionBehavior;
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            return await SaveChangesAsync(cancellationToken);
        }
        finally
        {
            Database.AutoTransactionBehavior = behavior;
        }
    }

    private const int MaxRowsInOneBatch = 10;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>()
            .HaveColumnType("timestamp without time zone")
            .HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>()
            .HaveColumnType("timestamp without time zone")
            .HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).ValueGeneratedNever();
            outbox.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            outbox.Property(m => m.MessageType).HasMaxLength(500);
            outbox.Property(m => m.Payload).HasColumnType("jsonb");
            outbox.HasIndex(m => m.Sequence).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
        });

        modelBuilder.Entity<ProcessedMessage>(inbox =>
        {
            inbox.ToTable("processed_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
        });

        if (this is IKeepsUserReplicas) modelBuilder.ApplyConfiguration(new UserReplicaConfiguration());
        if (this is IKeepsMailOutbox) MailOutboxConfiguration.Apply(modelBuilder);
    }

    /// <summary>
    /// Times are UTC everywhere; the columns are TIMESTAMP (without time zone) as in
    /// schema.sql, so the kind is dropped on the way in and restored on the way out.
    /// </summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => SqlTimestamp.Stored(v),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
