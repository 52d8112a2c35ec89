using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// A short broadcast that several Content tests share (broadcasts are the slow part): 24 s of
/// video, a 10 s live clip taken 16 s in, then the end of the stream and its VOD once ready.
/// </summary>
public sealed record SharedBroadcast(Account Creator, string Slug, Guid StreamId, Guid VodId, string LiveClipSlug);

public static class ContentScenarios
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SharedBroadcast? _shared;

    public static async Task<SharedBroadcast> SharedAsync(PlatformFixture platform)
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await BroadcastAsync(platform);
            // Classes using it may run many minutes apart, longer than an access token lives: its creator signs in afresh.
            using var gateway = platform.CreateGatewayClient();
            var creator = _shared.Creator;
            return _shared with { Creator = creator with { Tokens = await Accounts.LoginAsync(gateway, creator.Username, creator.Password) } };
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<SharedBroadcast> BroadcastAsync(PlatformFixture platform)
    {
        using var gateway = platform.CreateGatewayClient();
        var creator = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, creator);
        var clipper = await Accounts.RegisterAndLoginAsync(gateway);
        Guid streamId;
        string clipSlug;
        await using (var publisher = Publisher.Start(platform.RtmpIngestUrl, await Channels.StreamKeyAsync(gateway, creator, slug), size: "320x180"))
        {
            streamId = (await Channels.WaitLiveAsync(gateway, slug, TimeSpan.FromSeconds(15)))!.Value;
            await Task.Delay(TimeSpan.FromSeconds(16));
            using var created = await gateway.SendAsync(HttpMethod.Post, "/api/clips", clipper, new { streamId, durationSeconds = 10 });
            var body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Accepted, body);
            clipSlug = JsonDocument.Parse(body).RootElement.GetProperty("slug").GetString()!;
            // Ready while the broadcast is still live; how fast is the content benchmark's to say, not a test's.
            var clip = await ClipAsync(gateway, clipSlug, c => c.GetProperty("status").GetString() != "processing", TimeSpan.FromSeconds(20));
            Assert.Equal("ready", clip.GetProperty("status").GetString());
            await Task.Delay(TimeSpan.FromSeconds(6));
            await publisher.StopAsync();
        }
        var vod = await VodOfStreamAsync(platform, gateway, creator, slug, streamId, TimeSpan.FromSeconds(60));
        Assert.Equal("ready", vod.GetProperty("processingStatus").GetString());
        return new SharedBroadcast(creator, slug, streamId, vod.GetProperty("id").GetGuid(), clipSlug);
    }

    /// <summary>Waits for the stream's VOD (as its owner sees the channel's list) to stop processing.</summary>
    public static async Task<JsonElement> VodOfStreamAsync(PlatformFixture platform, HttpClient gateway, Account owner, string slug, Guid streamId, TimeSpan within)
    {
        JsonElement? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/vods", owner);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                .Where(v => v.GetProperty("streamId").GetGuid() == streamId).ToList();
            found = items.Count == 1 ? items[0] : null;
            return found is { } vod && vod.GetProperty("processingStatus").GetString() != "processing";
        }, within, TimeSpan.FromMilliseconds(250));
        Assert.True(found is not null, "the stream never became a VOD");
        return found.Value;
    }

    public static async Task<JsonElement> ClipAsync(HttpClient gateway, string slug, Func<JsonElement, bool> until, TimeSpan within) =>
        await Eventually.ValueAsync(() => gateway.GetFromJsonAsync<JsonElement>($"/api/clips/{slug}"), until, within, TimeSpan.FromMilliseconds(100));

    public static async Task<JsonElement> VodAsync(HttpClient gateway, Guid id, Account? viewer = null)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/vods/{id}", viewer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>ffprobe reading a media URL through the gateway, as a player would: the duration it finds.</summary>
    public static async Task<double> ProbeDurationAsync(PlatformFixture platform, string path)
    {
        var url = new Uri(platform.App.GetEndpoint("gateway", "http"), path).ToString();
        var probe = Process.Start(new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await probe.StandardOutput.ReadToEndAsync();
        var errors = await probe.StandardError.ReadToEndAsync();
        await probe.WaitForExitAsync();
        Assert.True(probe.ExitCode == 0, $"ffprobe could not read {path}: {errors}");
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Ranges as a seeking player sends them, through the gateway: 206 with Content-Range, suffix ranges, 416 past the end.</summary>
    public static async Task AssertServesRangesAsync(HttpClient gateway, string path, string mediaType)
    {
        using var whole = new HttpRequestMessage(HttpMethod.Head, path);
        using var head = await gateway.SendAsync(whole);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
        var length = head.Content.Headers.ContentLength!.Value;
        Assert.Contains("bytes", head.Headers.AcceptRanges);

        using (var first = await RangeAsync(gateway, path, "bytes=0-99"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
            Assert.Equal($"bytes 0-99/{length}", first.Content.Headers.ContentRange?.ToString());
            Assert.Equal(100, (await first.Content.ReadAsByteArrayAsync()).Length);
            Assert.Equal(mediaType, first.Content.Headers.ContentType?.MediaType);
        }
        using (var suffix = await RangeAsync(gateway, path, "bytes=-50"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, suffix.StatusCode);
            Assert.Equal($"bytes {length - 50}-{length - 1}/{length}", suffix.Content.Headers.ContentRange?.ToString());
        }
        using var beyond = await RangeAsync(gateway, path, $"bytes={length + 10}-");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{length}", beyond.Content.Headers.ContentRange?.ToString());
    }

    private static Task<HttpResponseMessage> RangeAsync(HttpClient gateway, string path, string range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Range", range);
        return gateway.SendAsync(request);
    }

    /// <summary>A VOD row as StreamEnded would leave it, for authorization checks that need no media.</summary>
    public static async Task<Guid> InsertVodAsync(PlatformFixture platform, Account owner, string status = "failed")
    {
        var id = Guid.NewGuid();
        await DatabaseInspection.ExecuteAsync(platform.DatabaseConnectionString("contentdb"), """
            INSERT INTO vods (id, stream_id, channel_id, owner_id, channel_slug, title, processing_status, is_public, views, created_at, recording_paths, failure_reason)
            VALUES (@id, @stream, @channel, @owner, 'inserted', 'Inserted', @status, true, 0, now() AT TIME ZONE 'UTC', '{}', 'test row')
            """, ("id", id), ("stream", Guid.NewGuid()), ("channel", Guid.NewGuid()), ("owner", owner.Id), ("status", status));
        return id;
    }
}
