using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.TestSupport;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// A real ffmpeg broadcast tells the channel's followers: an in-app notification for each, pushed to a
/// signed-in follower's open connection, and an email (read from the real mail server) for each follower
/// with the bell on, a verified address and notification emails on; a reconnect is not news.
/// </summary>
[Collection(PlatformCollection.Name)]
[StopsServices]
public sealed class GoLiveNotificationTests(PlatformFixture platform)
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Going_live_notifies_every_follower_once_in_app_and_by_email_as_they_asked_and_a_reconnect_sends_nothing_new()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner, name: $"Night Owl {Guid.NewGuid().ToString("N")[..6]}");
        var fans = new[] { await FollowerAsync(gateway, slug, bell: true), await FollowerAsync(gateway, slug, bell: true) };
        var bellOff = await FollowerAsync(gateway, slug, bell: false);
        var noEmails = await FollowerAsync(gateway, slug, bell: true);
        using (var settings = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/settings", noEmails,
            new { emailNotifications = false, privacyLevel = "public" }))
        {
            Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        }
        var everyone = new[] { fans[0], fans[1], bellOff, noEmails };

        // A signed-in follower with the site open, not in any chat room.
        await using var open = await ChatRooms.ConnectAsync(platform, fans[0]);
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        open.On<JsonElement>("Notification", notification => pushed.TrySetResult(notification));

        var key = await Channels.StreamKeyAsync(gateway, owner, slug);
        var clock = Stopwatch.StartNew();
        var publisher = Publisher.Start(platform.RtmpIngestUrl, key);
        try
        {
            var streamId = (await Channels.WaitLiveAsync(gateway, slug, Promptly))!.Value;

            foreach (var follower in everyone)
            {
                var notifications = await Eventually.ValueAsync(() => ListAsync(gateway, follower),
                    n => n.GetProperty("items").GetArrayLength() > 0, Promptly - clock.Elapsed, TimeSpan.FromMilliseconds(200));
                var notification = Assert.Single(notifications.GetProperty("items").EnumerateArray());
                Assert.Equal(streamId, notification.GetProperty("streamId").GetGuid());
                Assert.Equal(slug, notification.GetProperty("channelSlug").GetString());
                Assert.Equal("go_live", notification.GetProperty("kind").GetString());
                Assert.False(notification.GetProperty("read").GetBoolean());
                Assert.Equal(1, notifications.GetProperty("unreadCount").GetInt32());
            }
            var mails = new List<ReceivedMail>();
            foreach (var fan in fans)
            {
                mails.Add(Assert.Single(await GoLiveMailsAsync(fan, expected: 1, Promptly - clock.Elapsed + TimeSpan.FromSeconds(1))));
            }
            Assert.True(clock.Elapsed < Promptly + TimeSpan.FromSeconds(1), $"every follower told after {clock.Elapsed.TotalSeconds:0.0} s");

            var push = await pushed.Task.WaitAsync(Promptly);
            Assert.Equal(streamId, push.GetProperty("streamId").GetGuid());
            var mine = await ListAsync(gateway, fans[0]);
            Assert.Equal(mine.GetProperty("items")[0].GetProperty("id").GetGuid(), push.GetProperty("id").GetGuid());

            // The mail names the broadcast, links to the channel on the public origin and carries the one-click header.
            using var mailApi = platform.App.CreateHttpClient("mail", "http");
            // Long header lines arrive folded (RFC 5322): unfold before reading them.
            var source = System.Text.RegularExpressions.Regex.Replace(
                await mailApi.GetStringAsync($"/api/messages/{mails[0].Id}/raw"), "\r\n(?=[ \t])", "");
            Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", source);
            Assert.Contains($"List-Unsubscribe: <{platform.PublicOrigin}/api/notifications/unsubscribe?token=", source);
            Assert.Contains($"{platform.PublicOrigin}/{slug}", await platform.Mail.TextAsync(mails[0]));

            // A dropped publisher back within the grace period continues the broadcast: nothing new for anyone.
            await publisher.StopAsync();
            await publisher.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            publisher = Publisher.Start(platform.RtmpIngestUrl, key);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var channel = await Channels.GetAsync(gateway, slug);
            Assert.Equal(streamId, channel.GetProperty("liveStream").GetProperty("id").GetGuid());
            await Task.Delay(TimeSpan.FromSeconds(3));
            foreach (var follower in everyone)
            {
                Assert.Equal(1, (await ListAsync(gateway, follower)).GetProperty("items").GetArrayLength());
            }
            foreach (var fan in fans) Assert.Single(await GoLiveMailsAsync(fan, expected: 0, TimeSpan.Zero));
            // The bell off, or emails off in settings: no go-live email, though the in-app one came.
            Assert.Empty(await GoLiveMailsAsync(bellOff, expected: 0, TimeSpan.Zero));
            Assert.Empty(await GoLiveMailsAsync(noEmails, expected: 0, TimeSpan.Zero));
        }
        finally
        {
            await publisher.DisposeAsync();
        }
    }

    /// <summary>
    /// How long after the mail server is back every due mail must have reached it. The outbox worker retries a server
    /// it cannot reach after 0.5 s, doubling up to MailOptions.MaxServerBackoff (15 s, the default, which the AppHost
    /// does not change), so its next attempt comes at most 15 s after the server is up; 20 messages on one connection
    /// take well under a second, and 10 s more covers a machine as busy as CI's.
    /// </summary>
    private static readonly TimeSpan AfterMailServerReturns = TimeSpan.FromSeconds(15 + 10);

    [Fact]
    public async Task Twenty_go_live_emails_due_while_the_mail_server_is_down_are_each_delivered_once_when_it_returns()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner, name: $"Outage {Guid.NewGuid().ToString("N")[..6]}");
        var fans = new List<Account>();
        foreach (var batch in Enumerable.Range(0, 20).Chunk(5))
        {
            fans.AddRange(await Task.WhenAll(batch.Select(_ => FollowerAsync(gateway, slug, bell: true))));
        }
        var addresses = fans.Select(Address).ToArray();
        var key = await Channels.StreamKeyAsync(gateway, owner, slug);
        var identitydb = platform.DatabaseConnectionString("identitydb");

        await platform.CommandAsync("mail", "resource-stop");
        try
        {
            await platform.App.ResourceNotifications.WaitForResourceAsync("mail",
                    e => Aspire.Hosting.ApplicationModel.KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text))
                .WaitAsync(TimeSpan.FromMinutes(1));

            await using var publisher = Publisher.Start(platform.RtmpIngestUrl, key);
            await Channels.WaitLiveAsync(gateway, slug, Promptly);
            // All 20 are due and waiting in Identity's outbox, none sent, none given up.
            var due = await Eventually.ValueAsync(() => OutboxAsync(identitydb, addresses), o => o.Queued == 20,
                TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
            Assert.Equal((20L, 0L, 0L), due);
            // Long enough for the worker to fail a few times and be well into its backoff.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal((20L, 0L, 0L), await OutboxAsync(identitydb, addresses));
        }
        finally
        {
            await platform.CommandAsync("mail", "resource-start");
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("mail").WaitAsync(TimeSpan.FromMinutes(2));
        }

        var back = Stopwatch.StartNew();
        var sent = await Eventually.ValueAsync(() => OutboxAsync(identitydb, addresses), o => o.Sent == 20,
            AfterMailServerReturns, TimeSpan.FromMilliseconds(250));
        Assert.Equal((20L, 20L, 0L), sent);
        Assert.True(back.Elapsed < AfterMailServerReturns, $"all sent {back.Elapsed.TotalSeconds:0.0} s after the server returned");

        // Sent means the server said 250: each follower's inbox holds exactly one go-live mail, for this channel.
        foreach (var fan in fans)
        {
            var mail = Assert.Single(await GoLiveMailsAsync(fan, expected: 1, TimeSpan.FromSeconds(5)));
            Assert.Contains($"{platform.PublicOrigin}/{slug}", await platform.Mail.TextAsync(mail));
        }
        var goLive = (await platform.Mail.AllAsync()).Where(m => m.Subject.Contains(" is live: ", StringComparison.Ordinal)
            && m.To.Any(to => addresses.Contains(to, StringComparer.OrdinalIgnoreCase))).ToList();
        Assert.Equal(20, goLive.Count);
    }

    [Fact]
    public async Task The_unsubscribe_link_asks_on_open_and_turns_the_bell_off_in_one_click_without_signing_in()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var fan = await FollowerAsync(gateway, Channels.NewSlug(), bell: true, follow: false);
        await using var room = await ChatRooms.OpenAsync(platform, gateway, owner);
        // Followed while live: told at the next broadcast. Stop, wait out the grace period, go live again.
        await FollowAsync(gateway, fan, room.Slug, bell: true);
        var key = await Channels.StreamKeyAsync(gateway, owner, room.Slug);
        await room.Publisher.StopAsync();
        await Eventually.ValueAsync(() => Channels.GetAsync(gateway, room.Slug), c => !c.GetProperty("isLive").GetBoolean(),
            PlatformFixture.ReconnectGrace + TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(250));
        await using var again = Publisher.Start(platform.RtmpIngestUrl, key);
        await Channels.WaitLiveAsync(gateway, room.Slug, Promptly);

        var mail = Assert.Single(await GoLiveMailsAsync(fan, expected: 1, Promptly));
        var link = await platform.Mail.LinkAsync(mail, $"{platform.PublicOrigin}/api/notifications/unsubscribe?token=");
        using var anonymous = platform.CreateGatewayClient();

        // Opening the link (a person, or a scanner) only asks.
        using (var page = await anonymous.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync());
        }
        Assert.True(await BellAsync(gateway, fan, room.Slug));

        // The mail client's one-click POST (RFC 8058) turns that channel's bell off.
        using (var oneClick = await anonymous.PostAsync(link.PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }
        Assert.False(await BellAsync(gateway, fan, room.Slug));
        using (var again2 = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, again2.StatusCode);
        }

        // A token changed by one character is nobody's.
        var token = MailInbox.Query(link, "token");
        var forged = (token[0] == 'A' ? "B" : "A") + token[1..];
        using (var bad = await anonymous.PostAsync($"/api/notifications/unsubscribe?token={forged}", null))
        {
            var problem = await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.EndsWith("/unsubscribe-link-invalid", problem.GetProperty("type").GetString());
        }
        using (var missing = await anonymous.GetAsync("/api/notifications/unsubscribe"))
        {
            await Accounts.ProblemAsync(missing, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Notifications_are_private_to_their_user_and_mark_read_moves_the_unread_count()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner);
        var fan = await Accounts.RegisterAndLoginAsync(gateway);
        var other = await Accounts.RegisterAndLoginAsync(gateway);
        await FollowAsync(gateway, fan, slug, bell: false);
        await using (var publisher = Publisher.Start(platform.RtmpIngestUrl, await Channels.StreamKeyAsync(gateway, owner, slug)))
        {
            await Channels.WaitLiveAsync(gateway, slug, Promptly);
            await Eventually.ValueAsync(() => ListAsync(gateway, fan), n => n.GetProperty("items").GetArrayLength() == 1, Promptly,
                TimeSpan.FromMilliseconds(200));
        }
        var notification = (await ListAsync(gateway, fan)).GetProperty("items")[0];
        var id = notification.GetProperty("id").GetGuid();

        using (var anonymousList = await gateway.GetAsync("/api/users/me/notifications"))
        {
            await Accounts.ProblemAsync(anonymousList, HttpStatusCode.Unauthorized);
        }
        using (var anonymousRead = await gateway.PostAsJsonAsync("/api/users/me/notifications/read", new { upTo = id }))
        {
            await Accounts.ProblemAsync(anonymousRead, HttpStatusCode.Unauthorized);
        }
        // Someone else neither sees the notification nor can mark it.
        Assert.Equal(0, (await ListAsync(gateway, other)).GetProperty("items").GetArrayLength());
        using (var foreign = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/notifications/read", other, new { upTo = id }))
        {
            await Accounts.ProblemAsync(foreign, HttpStatusCode.NotFound);
        }
        foreach (var upTo in new object?[] { null, "", "yesterday-ish" })
        {
            using var bad = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/notifications/read", fan, new { upTo });
            var problem = await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("upTo", out _));
        }
        using (var badPage = await gateway.SendAsync(HttpMethod.Get, "/api/users/me/notifications?limit=0", fan))
        {
            await Accounts.ProblemAsync(badPage, HttpStatusCode.BadRequest);
        }
        Assert.False((await ListAsync(gateway, fan)).GetProperty("items")[0].GetProperty("read").GetBoolean());

        using (var read = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/notifications/read", fan, new { upTo = id }))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var body = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, body.GetProperty("marked").GetInt32());
            Assert.Equal(0, body.GetProperty("unreadCount").GetInt32());
        }
        var after = await ListAsync(gateway, fan);
        Assert.True(after.GetProperty("items")[0].GetProperty("read").GetBoolean());
        Assert.Equal(0, after.GetProperty("unreadCount").GetInt32());
        using (var byTime = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/notifications/read", fan,
            new { upTo = DateTime.UtcNow.ToString("O") }))
        {
            Assert.Equal(0, (await byTime.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32());
        }
    }

    /// <summary>A new user with a verified address (the go-live email goes to verified addresses only) following the channel.</summary>
    private async Task<Account> FollowerAsync(HttpClient gateway, string slug, bool bell, bool follow = true)
    {
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var verification = Assert.Single(await platform.Mail.WaitForAsync(Address(account)));
        var token = MailInbox.Query(await platform.Mail.LinkAsync(verification, $"{platform.PublicOrigin}/verify-email?token="), "token");
        using (var verified = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        }
        if (follow) await FollowAsync(gateway, account, slug, bell);
        return account;
    }

    private static async Task FollowAsync(HttpClient gateway, Account account, string slug, bool bell)
    {
        using var followed = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/follow", account, new { notificationEnabled = bell });
        Assert.Equal(HttpStatusCode.NoContent, followed.StatusCode);
    }

    private static async Task<bool> BellAsync(HttpClient gateway, Account account, string slug)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, "/api/users/me/followed-channels", account);
        var followed = await response.Content.ReadFromJsonAsync<JsonElement>();
        return followed.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("slug").GetString() == slug)
            .GetProperty("notificationEnabled").GetBoolean();
    }

    private static async Task<JsonElement> ListAsync(HttpClient gateway, Account account)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, "/api/users/me/notifications", account);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The go-live mails to the account, once at least <paramref name="expected"/> have arrived or the time is up.</summary>
    private async Task<List<ReceivedMail>> GoLiveMailsAsync(Account account, int expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var goLive = (await platform.Mail.ToAsync(Address(account))).Where(m => m.Subject.Contains(" is live: ", StringComparison.Ordinal)).ToList();
            if (goLive.Count >= expected && (expected > 0 || DateTime.UtcNow >= deadline)) return goLive;
            if (DateTime.UtcNow >= deadline) return goLive;
            await Task.Delay(200);
        }
    }

    /// <summary>Identity's go-live mail to these addresses: (queued, sent, given up).</summary>
    private static async Task<(long Queued, long Sent, long Failed)> OutboxAsync(string identitydb, string[] addresses)
    {
        await using var connection = new Npgsql.NpgsqlConnection(identitydb);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT count(*), count(sent_at), count(failed_at) FROM mail_outbox WHERE template = 'go-live' AND recipient = ANY(@addresses)
            """, connection);
        command.Parameters.AddWithValue("addresses", addresses);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static string Address(Account account) => $"{account.Username}@example.com";
}
