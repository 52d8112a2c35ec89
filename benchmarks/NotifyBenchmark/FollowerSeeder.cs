using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Benchmarks.Notify;

/// <summary>How far a channel's go-live fan-out has come.</summary>
/// <param name="Written">From the broadcast's start to the last in-app notification written.</param>
public sealed record FanoutProgress(long Notified, TimeSpan Written);

/// <summary>
/// Gives a channel its followers straight in the owning services' databases (COPY: 100,000 users in
/// seconds, where 100,000 sign-ups through the API would hash 100,000 passwords on two cores for the
/// best part of an hour). The go-live path reads exactly these rows and no replica of them: Streaming's
/// fan-out walks its own <c>followers</c> table, and Identity's go-live email consumer picks recipients
/// from its own <c>users</c> (a verified address) and <c>user_settings</c> (emails on); Chat pushes the
/// in-app notification by user id and needs no user copy. Each follower has the bell on, a verified
/// address and (unless told otherwise) emails on, so each is due an email as well as the in-app notification.
/// </summary>
public sealed class FollowerSeeder(string identitydb, string streamingdb)
{
    public async Task<TimeSpan> SeedAsync(Guid channelId, int count, bool emails)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var run = Guid.NewGuid().ToString("N")[..6];

        await using (var identity = new NpgsqlConnection(identitydb))
        {
            await identity.OpenAsync();
            await using (var users = await identity.BeginBinaryImportAsync(
                "COPY users (id, username, email, email_verified, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
            {
                for (var n = 0; n < count; n++)
                {
                    await users.StartRowAsync();
                    await users.WriteAsync(ids[n]);
                    await users.WriteAsync($"fan_{run}_{n}");
                    await users.WriteAsync($"fan_{run}_{n}@example.com");
                    await users.WriteAsync(true);
                    await users.WriteAsync(now, NpgsqlDbType.Timestamp);
                    await users.WriteAsync(now, NpgsqlDbType.Timestamp);
                }
                await users.CompleteAsync();
            }
            await using var settings = await identity.BeginBinaryImportAsync("COPY user_settings (user_id, email_notifications) FROM STDIN (FORMAT BINARY)");
            foreach (var id in ids)
            {
                await settings.StartRowAsync();
                await settings.WriteAsync(id);
                await settings.WriteAsync(emails);
            }
            await settings.CompleteAsync();
        }

        await using var streaming = new NpgsqlConnection(streamingdb);
        await streaming.OpenAsync();
        await using (var follows = await streaming.BeginBinaryImportAsync(
            "COPY followers (follower_id, channel_id, notification_enabled, follow_date) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in ids)
            {
                await follows.StartRowAsync();
                await follows.WriteAsync(id);
                await follows.WriteAsync(channelId);
                await follows.WriteAsync(true);
                await follows.WriteAsync(now, NpgsqlDbType.Timestamp);
            }
            await follows.CompleteAsync();
        }
        // Fresh statistics, as autovacuum would have gathered for followers that came one by one.
        await using (var analyze = new NpgsqlCommand("ANALYZE followers", streaming)) await analyze.ExecuteNonQueryAsync();
        return clock.Elapsed;
    }

    /// <summary>Waits until the channel's fan-out is complete (or the time is up) and reads how long its notifications took.</summary>
    public async Task<FanoutProgress> WaitFanoutAsync(Guid channelId, int followers, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        await using var connection = new NpgsqlConnection(streamingdb);
        await connection.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand("""
                SELECT f.stream_id, f.started_at, f.completed_at IS NOT NULL FROM go_live_fanouts f
                WHERE f.channel_id = @channel ORDER BY f.started_at DESC LIMIT 1
                """, connection);
            command.Parameters.AddWithValue("channel", channelId);
            (Guid Stream, DateTime Started, bool Done)? fanout = null;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                if (await reader.ReadAsync()) fanout = (reader.GetGuid(0), reader.GetDateTime(1), reader.GetBoolean(2));
            }
            if (fanout is { } f && (f.Done || DateTime.UtcNow >= deadline))
            {
                await using var written = new NpgsqlCommand(
                    "SELECT count(*), max(created_at) FROM notifications WHERE stream_id = @stream", connection);
                written.Parameters.AddWithValue("stream", f.Stream);
                await using var reader = await written.ExecuteReaderAsync();
                await reader.ReadAsync();
                var count = reader.GetInt64(0);
                return new FanoutProgress(count, count == 0 ? TimeSpan.Zero : reader.GetDateTime(1) - f.Started);
            }
            if (DateTime.UtcNow >= deadline) return new FanoutProgress(0, TimeSpan.Zero);
            await Task.Delay(250);
        }
    }

    /// <summary>Go-live emails Identity has queued so far.</summary>
    public Task<long> MailQueuedAsync() => MailCountAsync("count(*)");

    /// <summary>Go-live emails the SMTP server has accepted so far.</summary>
    public Task<long> MailSentAsync() => MailCountAsync("count(sent_at)");

    private async Task<long> MailCountAsync(string aggregate)
    {
        await using var connection = new NpgsqlConnection(identitydb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {aggregate} FROM mail_outbox WHERE template = 'go-live'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
