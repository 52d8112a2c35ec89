using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AeThexLive.Benchmarks;

/// <summary>A benchmark's channels: made by the signed-in creator through the gateway, and put live with a real ffmpeg publisher.</summary>
public static class BenchmarkChannels
{
    /// <returns>The new channel's slug (<paramref name="slugPrefix"/> and a random tail), stream key and id.</returns>
    public static async Task<(string Slug, string Key, Guid Id)> CreateAsync(HttpClient gateway, string name, string slugPrefix)
    {
        var slug = $"{slugPrefix}-{Guid.NewGuid():N}"[..18];
        (await gateway.PostAsJsonAsync("/api/channels", new { name, slug })).EnsureSuccessStatusCode();
        var key = (await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}/stream-key")).GetProperty("streamKey").GetString()!;
        var id = (await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}")).GetProperty("id").GetGuid();
        return (slug, key, id);
    }

    /// <summary>
    /// Publishes a tiny picture (so the encoder leaves the cores to what is measured) with <paramref name="key"/>.
    /// </summary>
    public static Publisher Publish(DistributedApplication app, string key) =>
        Publisher.Start($"rtmp://127.0.0.1:{app.GetEndpoint("ingest", "rtmp").Port}/live", key, size: "160x90", frameRate: 10);

    /// <returns>The channel's live stream once Streaming lists it (its <c>id</c>, <c>hlsUrl</c>…).</returns>
    public static async Task<JsonElement> WaitLiveAsync(HttpClient gateway, string slug)
    {
        var channel = await Eventually.ValueAsync(async () => await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}"),
            c => c.GetProperty("liveStream").ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        return channel.GetProperty("liveStream");
    }

    /// <summary>Waits until Chat has learned that the stream went live, so its room takes messages.</summary>
    public static async Task WaitChatOpenAsync(HttpClient gateway, Guid streamId)
    {
        if (!await Eventually.HoldsAsync(async () => (await gateway.GetAsync($"/api/streams/{streamId}/chat")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("Chat never learned that the stream went live.");
        }
    }
}
