using System.Globalization;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Identity.Data;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Mail;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Identity.Consumers;

/// <summary>
/// Queues the go-live emails of one fan-out batch, all in one transaction: one per follower whose address
/// is verified (as Twitch, we mail only confirmed addresses) and who has not turned email notifications off.
/// The (user, broadcast) record is claimed in the same statement that picks the recipients, so neither a
/// redelivered event nor an overlapping one can queue a second email. A batch is a thousand followers: the
/// template is rendered once for it and the mails are copied into the outbox in one statement, as bulk mail
/// (paced by the sender, behind any security mail), and only once the outbox has room for it.
/// </summary>
public sealed class GoLiveEmailsDueConsumer(IdentityDbContext db, MailComposer mail, IOptions<MailOptions> mailOptions, TimeProvider clock)
    : InboxConsumer<GoLiveEmailsDue, IdentityDbContext>(db)
{
    private sealed record Recipient(Guid UserId, string Email, string Name);

    /// <summary>
    /// The sender mails bulk at its pace (an hour for 100,000 followers): the next batch is queued once the outbox is
    /// down to a minute's worth, so the fan-out's rendering and writing are spread over that hour too. It waits ten
    /// minutes at most, well inside RabbitMQ's 30-minute limit on an unacknowledged delivery.
    /// </summary>
    protected override Task BeforeTransactionAsync(GoLiveEmailsDue message, ConsumeContext<GoLiveEmailsDue> context) =>
        BulkMail.WaitForRoomAsync((NpgsqlConnection)Db.Database.GetDbConnection(), mailOptions.Value, TimeSpan.FromMinutes(10),
            context.CancellationToken);

    protected override async Task HandleAsync(GoLiveEmailsDue message, ConsumeContext<GoLiveEmailsDue> context)
    {
        if (message.Recipients.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = message.Recipients.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.First().UnsubscribeToken);
        var recipients = await ClaimAsync(message.StreamId, tokens.Keys.ToArray(), now, context.CancellationToken);
        if (recipients.Count == 0) return;
        var bulk = mail.Bulk("go-live", new Dictionary<string, string>
        {
            ["channel"] = message.ChannelName,
            ["title"] = message.Title,
            ["startedAt"] = message.StartedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["link"] = mail.Link($"/{Uri.EscapeDataString(message.ChannelSlug)}"),
            ["settingsLink"] = mail.Link("/settings"),
        }, "name");
        var mails = recipients.Select(recipient => bulk.To(recipient.Email, new Dictionary<string, string>
        {
            ["name"] = recipient.Name,
            ["unsubscribeUrl"] = mail.Link($"/api/notifications/unsubscribe?token={tokens[recipient.UserId]}"),
        }));
        await BulkMail.QueueAsync((NpgsqlConnection)Db.Database.GetDbConnection(), mails, context.CancellationToken);
    }

    /// <summary>Records (user, broadcast) for each follower who should get the email and has not yet; returns them.</summary>
    private async Task<List<Recipient>> ClaimAsync(Guid streamId, Guid[] userIds, DateTime now, CancellationToken cancellationToken)
    {
        var transaction = (NpgsqlTransaction)Db.Database.CurrentTransaction!.GetDbTransaction();
        await using var command = new NpgsqlCommand("""
            WITH eligible AS (
                SELECT u.id, u.email, COALESCE(u.display_name, u.username) AS name
                FROM users u JOIN user_settings s ON s.user_id = u.id
                WHERE u.id = ANY(@users) AND u.email_verified AND s.email_notifications AND u.email <> ''
            ),
            claimed AS (
                INSERT INTO go_live_emails (user_id, stream_id, created_at)
                SELECT id, @stream, @now FROM eligible
                ON CONFLICT (user_id, stream_id) DO NOTHING
                RETURNING user_id
            )
            SELECT c.user_id, e.email, e.name FROM claimed c JOIN eligible e ON e.id = c.user_id
            """, (NpgsqlConnection)Db.Database.GetDbConnection(), transaction);
        command.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = userIds });
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.Add(SqlTimestamp.Of(now, "now"));
        var recipients = new List<Recipient>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recipients.Add(new Recipient(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }
        return recipients;
    }
}

/// <summary>
/// One batch of go-live emails at a time, and one delivery held at a time: a batch may wait a minute for room in the
/// outbox, and the broker must not see a prefetched pile of deliveries go unacknowledged that long.
/// </summary>
public sealed class GoLiveEmailsDueConsumerDefinition : ConsumerDefinition<GoLiveEmailsDueConsumer>
{
    public GoLiveEmailsDueConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<GoLiveEmailsDueConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 1;
    }
}
