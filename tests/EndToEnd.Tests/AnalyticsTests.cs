using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// Creator analytics through the gateway, from a real broadcast: ffmpeg publishes, two viewers
/// heartbeat, three messages are sent, the publisher stops; Streaming and Chat publish their
/// events, Analytics folds them into rows, and the owner reads them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AnalyticsTests(PlatformFixture platform)
{
    private sealed record Broadcast(Account Owner, string Slug, Guid StreamId, JsonElement Stream, JsonElement Analytics);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Broadcast? _broadcast;

    /// <summary>One broadcast for the whole class, run to its end and counted.</summary>
    private async Task<Broadcast> BroadcastAsync()
    {
        await Once.WaitAsync();
        try
        {
            return _broadcast ??= await RunBroadcastAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<Broadcast> RunBroadcastAsync()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var fan = await Accounts.RegisterAndLoginAsync(gateway);
        Guid streamId;
        string slug;
        await using (var live = await ChatRooms.OpenAsync(platform, gateway, owner))
        {
            (slug, streamId) = (live.Slug, live.StreamId);
            // Two viewers (one signed in, one anonymous) watch together for about six seconds.
            for (var beat = 0; beat < 4; beat++)
            {
                await HeartbeatAsync(gateway, streamId, fan, "fan-player-1");
                await HeartbeatAsync(gateway, streamId, null, "anonymous-viewer-1");
                if (beat == 1)
                {
                    await ChatAsync(gateway, streamId, fan, "first!");
                    await ChatAsync(gateway, streamId, fan, "great stream");
                    await ChatAsync(gateway, streamId, owner, "thanks for watching");
                }
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }

        // The publisher is gone: Streaming ends the stream after its reconnect grace, with the viewers' sessions.
        var stream = await Eventually.ValueAsync(() => gateway.GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}"),
            s => s.GetProperty("status").GetString() == "ended", PlatformFixture.ReconnectGrace + TimeSpan.FromSeconds(20));
        Assert.Equal("ended", stream.GetProperty("status").GetString());

        var analytics = await Eventually.ValueAsync(async () =>
            {
                using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/streams/{streamId}/analytics", owner);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            a => a.ValueKind == JsonValueKind.Object && a.GetProperty("totals").GetProperty("endedAt").ValueKind == JsonValueKind.String
                 && a.GetProperty("totals").GetProperty("uniqueViewers").GetInt32() == 2 && a.GetProperty("totals").GetProperty("chatMessages").GetInt32() == 3,
            TimeSpan.FromSeconds(30));
        Assert.True(analytics.ValueKind == JsonValueKind.Object, "the stream's analytics never appeared");
        return new Broadcast(owner, slug, streamId, stream, analytics);
    }

    [Fact]
    public async Task A_broadcast_shows_its_owner_the_minutes_streamed_peak_and_unique_viewers_and_messages()
    {
        var broadcast = await BroadcastAsync();
        var totals = broadcast.Analytics.GetProperty("totals");

        // Minutes streamed are the broadcast's own duration, as Streaming measured it (whole seconds there).
        var duration = broadcast.Stream.GetProperty("durationSeconds").GetInt32();
        Assert.InRange(totals.GetProperty("streamedSeconds").GetInt32(), duration - 1, duration + 1);
        Assert.Equal(Math.Round(totals.GetProperty("streamedSeconds").GetInt32() / 60m, 2), totals.GetProperty("minutesStreamed").GetDecimal());
        Assert.Equal(broadcast.Stream.GetProperty("peakViewers").GetInt32(), totals.GetProperty("peakViewers").GetInt32());
        Assert.Equal(2, totals.GetProperty("peakViewers").GetInt32());
        Assert.Equal(2, totals.GetProperty("uniqueViewers").GetInt32());
        Assert.Equal(3, totals.GetProperty("chatMessages").GetInt32());
        Assert.Equal(2, totals.GetProperty("uniqueChatters").GetInt32());
        // Both watched for most of the broadcast: some watch time, never more than two viewers' worth.
        var watched = totals.GetProperty("watchSeconds").GetInt64();
        Assert.InRange(watched, 1, 2L * totals.GetProperty("streamedSeconds").GetInt32());

        var hours = broadcast.Analytics.GetProperty("hours").EnumerateArray().ToList();
        Assert.InRange(hours.Count, 1, 2);
        Assert.Equal(totals.GetProperty("streamedSeconds").GetInt32(), hours.Sum(h => h.GetProperty("streamedSeconds").GetInt32()));
        Assert.Equal(3, hours.Sum(h => h.GetProperty("chatMessages").GetInt32()));
        Assert.Equal(watched, hours.Sum(h => h.GetProperty("watchSeconds").GetInt64()));

        using var gateway = platform.CreateGatewayClient();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var daily = await GetJsonAsync(gateway, $"/api/channels/{broadcast.Slug}/analytics?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}",
            broadcast.Owner, d => d.GetProperty("days").EnumerateArray().Sum(x => x.GetProperty("chatMessages").GetInt32()) == 3);
        var days = daily.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(2, days.Count);
        Assert.Equal(1, days.Max(d => d.GetProperty("broadcasts").GetInt32()));
        Assert.Equal(totals.GetProperty("streamedSeconds").GetInt32(), days.Sum(d => d.GetProperty("streamedSeconds").GetInt32()));

        var summary = await GetJsonAsync(gateway, $"/api/channels/{broadcast.Slug}/analytics/summary?period=7d", broadcast.Owner,
            s => s.GetProperty("bestStream").ValueKind == JsonValueKind.Object);
        Assert.Equal(broadcast.StreamId, summary.GetProperty("bestStream").GetProperty("streamId").GetGuid());
        Assert.Equal(3, summary.GetProperty("totals").GetProperty("chatMessages").GetProperty("current").GetInt32());
        Assert.Equal(2, summary.GetProperty("totals").GetProperty("uniqueViewers").GetProperty("current").GetInt32());
        Assert.Equal(0, summary.GetProperty("totals").GetProperty("chatMessages").GetProperty("previous").GetInt32());
        Assert.Equal(broadcast.StreamId, summary.GetProperty("busiestHour").GetProperty("streamId").GetGuid());
    }

    [Fact]
    public async Task Daily_and_hourly_views_download_as_csv_with_a_header_row()
    {
        var broadcast = await BroadcastAsync();
        using var gateway = platform.CreateGatewayClient();

        using var daily = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{broadcast.Slug}/analytics?format=csv", broadcast.Owner);
        Assert.Equal(HttpStatusCode.OK, daily.StatusCode);
        Assert.Equal("text/csv", daily.Content.Headers.ContentType?.MediaType);
        var dailyLines = (await daily.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Date,Broadcasts,StreamedSeconds,", dailyLines[0]);
        Assert.Equal(31, dailyLines.Length); // the header and the default 30 days

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/streams/{broadcast.StreamId}/analytics")
        {
            Headers = { Authorization = broadcast.Owner.Bearer, Accept = { new("text/csv") } },
        };
        using var hourly = await gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, hourly.StatusCode);
        var hourlyLines = (await hourly.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Hour,StreamedSeconds,", hourlyLines[0]);
        Assert.Equal(broadcast.Analytics.GetProperty("hours").GetArrayLength() + 1, hourlyLines.Length);
        Assert.Equal(broadcast.Analytics.GetProperty("hours")[0].GetProperty("chatMessages").GetInt32().ToString(),
            hourlyLines[1].Split(',')[Array.IndexOf(hourlyLines[0].Split(','), "ChatMessages")]);
    }

    [Fact]
    public async Task Only_the_owner_and_admins_read_analytics_and_only_admins_rebuild()
    {
        var broadcast = await BroadcastAsync();
        using var gateway = platform.CreateGatewayClient();
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        var admin = await platform.AdminAsync();
        string[] reads =
        [
            $"/api/channels/{broadcast.Slug}/analytics",
            $"/api/channels/{broadcast.Slug}/analytics/summary",
            $"/api/streams/{broadcast.StreamId}/analytics",
        ];
        foreach (var path in reads)
        {
            using (var anonymous = await gateway.SendAsync(HttpMethod.Get, path)) await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
            using (var other = await gateway.SendAsync(HttpMethod.Get, path, stranger)) await Accounts.ProblemAsync(other, HttpStatusCode.Forbidden);
            using (var owner = await gateway.SendAsync(HttpMethod.Get, path, broadcast.Owner)) Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            using (var byAdmin = await gateway.SendAsync(HttpMethod.Get, path, admin)) Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        }

        const string rebuild = "/api/admin/analytics/rebuild";
        using (var anonymous = await gateway.SendAsync(HttpMethod.Post, rebuild)) await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var owner = await gateway.SendAsync(HttpMethod.Post, rebuild, broadcast.Owner)) await Accounts.ProblemAsync(owner, HttpStatusCode.Forbidden);
        using (var byAdmin = await gateway.SendAsync(HttpMethod.Post, rebuild, admin))
        {
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
            Assert.True((await byAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("broadcasts").GetInt32() >= 1);
        }
        // Rebuilt from the facts, the broadcast's figures are the ones the events produced.
        var after = await gateway.SendAsync(HttpMethod.Get, $"/api/streams/{broadcast.StreamId}/analytics", broadcast.Owner);
        var totals = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totals");
        var before = broadcast.Analytics.GetProperty("totals");
        foreach (var figure in new[] { "streamedSeconds", "watchSeconds", "peakViewers", "uniqueViewers", "chatMessages", "uniqueChatters" })
        {
            Assert.Equal(before.GetProperty(figure).GetInt64(), totals.GetProperty(figure).GetInt64());
        }
    }

    [Fact]
    public async Task Bad_ranges_periods_and_formats_are_400s_naming_the_field_and_unknown_things_404s()
    {
        var broadcast = await BroadcastAsync();
        using var gateway = platform.CreateGatewayClient();
        var daily = $"/api/channels/{broadcast.Slug}/analytics";
        var cases = new (string Path, string Field)[]
        {
            ($"{daily}?from=2026-13-01", "from"),
            ($"{daily}?to=yesterday", "to"),
            ($"{daily}?from=2026-03-02&to=2026-03-01", "from"),
            ($"{daily}?from=2025-01-01&to=2026-01-02", "to"),
            ($"{daily}?format=xml", "format"),
            ($"{daily}/summary?period=1y", "period"),
            ($"/api/streams/{broadcast.StreamId}/analytics?format=pdf", "format"),
        };
        foreach (var (path, field) in cases)
        {
            using var response = await gateway.SendAsync(HttpMethod.Get, path, broadcast.Owner);
            var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path} should name {field}");
        }
        using (var year = await gateway.SendAsync(HttpMethod.Get, $"{daily}?from=2025-01-02&to=2026-01-02", broadcast.Owner))
        {
            Assert.Equal(366, (await year.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("days").GetArrayLength());
        }
        using (var noChannel = await gateway.SendAsync(HttpMethod.Get, "/api/channels/no-such-channel-here/analytics", broadcast.Owner))
        {
            await Accounts.ProblemAsync(noChannel, HttpStatusCode.NotFound);
        }
        using (var noStream = await gateway.SendAsync(HttpMethod.Get, $"/api/streams/{Guid.NewGuid()}/analytics", broadcast.Owner))
        {
            await Accounts.ProblemAsync(noStream, HttpStatusCode.NotFound);
        }
    }

    private static async Task HeartbeatAsync(HttpClient gateway, Guid streamId, Account? viewer, string viewerId)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/viewers/heartbeat", viewer, new { viewerId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task ChatAsync(HttpClient gateway, Guid streamId, Account author, string message)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", author, new { message });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient gateway, string path, Account user, Func<JsonElement, bool> done) =>
        await Eventually.ValueAsync(async () =>
        {
            using var response = await gateway.SendAsync(HttpMethod.Get, path, user);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }, done, TimeSpan.FromSeconds(15));
}
