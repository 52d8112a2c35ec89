using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Broadcasts become VODs: ffmpeg → RTMP → nginx → Streaming → RabbitMQ → Content, played back through the gateway.</summary>
[Collection(PlatformCollection.Name)]
[StopsServices]
public sealed class VodTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_sixty_second_broadcast_with_a_reconnect_becomes_one_vod_even_when_content_is_killed_mid_job_and_it_plays_through_the_gateway()
    {
        using var gateway = platform.CreateGatewayClient();
        var creator = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, creator);
        var key = await Channels.StreamKeyAsync(gateway, creator, slug);

        // 30 s, a dropped connection back within the grace period, 30 s more: one stream, two recordings.
        var published = TimeSpan.Zero;
        Guid streamId;
        await using (var publisher = Publisher.Start(platform.RtmpIngestUrl, key, size: "320x180"))
        {
            streamId = (await Channels.WaitLiveAsync(gateway, slug, TimeSpan.FromSeconds(15)))!.Value;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(30));
            await publisher.StopAsync();
            published += clock.Elapsed;
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using (var again = Publisher.Start(platform.RtmpIngestUrl, key, size: "320x180"))
        {
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(streamId, (await Channels.GetAsync(gateway, slug)).GetProperty("liveStream").GetProperty("id").GetGuid());
            await Task.Delay(TimeSpan.FromSeconds(28));
            await again.StopAsync();
            published += clock.Elapsed;
        }

        // The platform reads recordings at 8× real time, so this VOD's job runs for several seconds: kill Content inside it.
        var contentdb = platform.DatabaseConnectionString("contentdb");
        var vodId = await Eventually.ValueAsync(() => DatabaseInspection.ScalarAsync<Guid>(contentdb,
            "SELECT v.id FROM vods v JOIN processing_jobs j ON j.id = v.id WHERE v.stream_id = @s AND j.lease_token IS NOT NULL", ("s", streamId)),
            id => id != Guid.Empty, PlatformFixture.ReconnectGrace + TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.NotEqual(Guid.Empty, vodId);
        await StopContentAsync();
        Assert.Equal("processing", await DatabaseInspection.ScalarAsync<string>(contentdb, "SELECT processing_status FROM vods WHERE id = @id", ("id", vodId)));
        await platform.CommandAsync("content", "resource-start");
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("content").WaitAsync(TimeSpan.FromMinutes(3));

        var listed = await ContentScenarios.VodOfStreamAsync(platform, gateway, creator, slug, streamId, TimeSpan.FromSeconds(120));
        Assert.Equal("ready", listed.GetProperty("processingStatus").GetString());
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(contentdb,
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.VodReady,%' AND (payload->>'vodId')::uuid = @id", ("id", vodId)));

        var vod = await ContentScenarios.VodAsync(gateway, vodId);
        Assert.InRange(vod.GetProperty("durationSeconds").GetInt32(), published.TotalSeconds - 2, published.TotalSeconds + 2);
        var playback = vod.GetProperty("playbackUrl").GetString()!;
        Assert.StartsWith("/media/vods/", playback);
        Assert.InRange(await ContentScenarios.ProbeDurationAsync(platform, playback), published.TotalSeconds - 2, published.TotalSeconds + 2);
        await ContentScenarios.AssertServesRangesAsync(gateway, playback, "video/mp4");

        await ContentScenarios.AssertServesRangesAsync(gateway, vod.GetProperty("thumbnailUrl").GetString()!, "image/jpeg");
        var track = await gateway.GetAsync(vod.GetProperty("storyboardUrl").GetString()!);
        Assert.Equal("text/vtt", track.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("WEBVTT", await track.Content.ReadAsStringAsync());
        var storyboard = vod.GetProperty("storyboard");
        Assert.True(storyboard.GetProperty("tiles").GetInt32() >= 25);
        foreach (var sheet in storyboard.GetProperty("sheets").EnumerateArray())
        {
            using var image = await gateway.GetAsync(sheet.GetString());
            Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_private_vod_is_listed_for_its_owner_only_and_its_media_needs_a_fresh_signature()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        using var gateway = platform.CreateGatewayClient();
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        var before = await ContentScenarios.VodAsync(gateway, shared.VodId);
        var publicUrl = before.GetProperty("playbackUrl").GetString()!;

        using (var hide = await gateway.SendAsync(HttpMethod.Patch, $"/api/vods/{shared.VodId}", shared.Creator, new { isPublic = false }))
        {
            Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        }
        try
        {
            Assert.DoesNotContain(await ListedIdsAsync(gateway, shared.Slug, null), id => id == shared.VodId);
            Assert.DoesNotContain(await ListedIdsAsync(gateway, shared.Slug, stranger), id => id == shared.VodId);
            Assert.Contains(await ListedIdsAsync(gateway, shared.Slug, shared.Creator), id => id == shared.VodId);
            using (var peek = await gateway.SendAsync(HttpMethod.Get, $"/api/vods/{shared.VodId}", stranger))
            {
                await Accounts.ProblemAsync(peek, HttpStatusCode.NotFound);
            }

            // The old public address is gone; the private file is not reachable without a valid, unexpired signature.
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync(publicUrl)).StatusCode);
            var owned = await ContentScenarios.VodAsync(gateway, shared.VodId, shared.Creator);
            var signed = owned.GetProperty("playbackUrl").GetString()!;
            Assert.StartsWith("/media/private/", signed);
            var parts = signed.Split('/');
            var unsigned = "/media/private/" + string.Join('/', parts[^3..]);
            Assert.Equal(HttpStatusCode.Forbidden, (await gateway.GetAsync(unsigned)).StatusCode);
            var forged = signed.Replace(parts[3], new string('A', parts[3].Length), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await gateway.GetAsync(forged)).StatusCode);
            await ContentScenarios.AssertServesRangesAsync(gateway, signed, "video/mp4");
            Assert.True((await gateway.GetAsync(owned.GetProperty("thumbnailUrl").GetString())).IsSuccessStatusCode);

            var expires = owned.GetProperty("mediaUrlsExpireAt").GetDateTime();
            await Task.Delay(expires - DateTime.UtcNow + TimeSpan.FromSeconds(1.5));
            Assert.Equal(HttpStatusCode.Gone, (await gateway.GetAsync(signed)).StatusCode);
        }
        finally
        {
            using var show = await gateway.SendAsync(HttpMethod.Patch, $"/api/vods/{shared.VodId}", shared.Creator, new { isPublic = true });
            Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        }
        Assert.True((await gateway.GetAsync(publicUrl)).IsSuccessStatusCode, "public again at its old address");
    }

    [Fact]
    public async Task Every_mutating_vod_route_tells_anonymous_callers_strangers_owners_and_admins_apart()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        var admin = await platform.AdminAsync();
        var vodId = await ContentScenarios.InsertVodAsync(platform, owner);

        foreach (var (method, body) in new[] { (HttpMethod.Patch, (object?)new { title = "Mine now" }), (HttpMethod.Delete, null) })
        {
            using var anonymous = await gateway.SendAsync(method, $"/api/vods/{vodId}", null, body);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var other = await gateway.SendAsync(method, $"/api/vods/{vodId}", stranger, body);
            // A failed VOD is its owner's business: to others it does not exist.
            await Accounts.ProblemAsync(other, HttpStatusCode.NotFound);
        }
        using (var renamed = await gateway.SendAsync(HttpMethod.Patch, $"/api/vods/{vodId}", owner, new { title = "Renamed", description = "Best of" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Renamed", body.GetProperty("title").GetString());
            Assert.Equal("test row", body.GetProperty("failureReason").GetString());
        }
        using (var adminEdit = await gateway.SendAsync(HttpMethod.Patch, $"/api/vods/{vodId}", admin, new { title = "Admin's" }))
        {
            await Accounts.ProblemAsync(adminEdit, HttpStatusCode.Forbidden);
        }
        using (var removed = await gateway.SendAsync(HttpMethod.Delete, $"/api/vods/{vodId}", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        using (var gone = await gateway.SendAsync(HttpMethod.Get, $"/api/vods/{vodId}", owner))
        {
            await Accounts.ProblemAsync(gone, HttpStatusCode.NotFound);
        }

        var ownDelete = await ContentScenarios.InsertVodAsync(platform, owner);
        using (var own = await gateway.SendAsync(HttpMethod.Delete, $"/api/vods/{ownDelete}", owner))
        {
            Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        }
        var readyForOthers = await ContentScenarios.InsertVodAsync(platform, owner, status: "ready");
        using (var other = await gateway.SendAsync(HttpMethod.Delete, $"/api/vods/{readyForOthers}", stranger))
        {
            await Accounts.ProblemAsync(other, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task A_viewer_counts_once_a_day_and_bad_vod_input_gets_problem_json()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        using var gateway = platform.CreateGatewayClient();
        var viewer = $"viewer-{Guid.NewGuid():N}";
        var start = (await ContentScenarios.VodAsync(gateway, shared.VodId)).GetProperty("views").GetInt32();

        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/vods/{shared.VodId}/views", null, new { viewerId = viewer });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("views").GetInt32();
        }));
        Assert.Equal(start + 1, counts.Max());
        using (var signedIn = await gateway.SendAsync(HttpMethod.Post, $"/api/vods/{shared.VodId}/views", shared.Creator))
        {
            Assert.Equal(start + 2, (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("views").GetInt32());
        }

        using (var noViewer = await gateway.SendAsync(HttpMethod.Post, $"/api/vods/{shared.VodId}/views", null, new { }))
        {
            var problem = await Accounts.ProblemAsync(noViewer, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("viewerId", out _));
        }
        using (var unknown = await gateway.SendAsync(HttpMethod.Get, $"/api/vods/{Guid.NewGuid()}"))
        {
            await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
        }
        using (var longTitle = await gateway.SendAsync(HttpMethod.Patch, $"/api/vods/{shared.VodId}", shared.Creator, new { title = new string('x', 300) }))
        {
            var problem = await Accounts.ProblemAsync(longTitle, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        }
        using (var unknownChannel = await gateway.GetAsync("/api/channels/no-such-channel-here/vods"))
        {
            await Accounts.ProblemAsync(unknownChannel, HttpStatusCode.NotFound);
        }
        using (var badCursor = await gateway.GetAsync($"/api/channels/{shared.Slug}/vods?cursor=not*a*cursor"))
        {
            await Accounts.ProblemAsync(badCursor, HttpStatusCode.BadRequest);
        }
    }

    /// <summary>
    /// Stops Content and waits until it is down. The command's own answer is not relied on: on a loaded
    /// machine DCP may report a stop as failed while the process is still on its way down.
    /// </summary>
    private async Task StopContentAsync()
    {
        await platform.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("content", "resource-stop");
        await platform.App.ResourceNotifications.WaitForResourceAsync("content",
                e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text))
            .WaitAsync(TimeSpan.FromMinutes(2));
    }

    private static async Task<List<Guid>> ListedIdsAsync(HttpClient gateway, string slug, Account? viewer)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/vods", viewer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()).ToList();
    }
}
