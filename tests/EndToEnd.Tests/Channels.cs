using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Opening channels and reading them through the gateway, as a creator's app does.</summary>
public static class Channels
{
    public static string NewSlug() => $"ch-{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<string> CreateAsync(HttpClient gateway, Account owner, string? category = null, string? name = null)
    {
        var slug = NewSlug();
        using var response = await gateway.SendAsync(HttpMethod.Post, "/api/channels", owner,
            new { name = name ?? $"Channel {slug}", slug, category, language = "en" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return slug;
    }

    public static async Task<string> StreamKeyAsync(HttpClient gateway, Account owner, string slug)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/stream-key", owner);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streamKey").GetString()!;
    }

    public static async Task<JsonElement> GetAsync(HttpClient gateway, string slug) =>
        await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}");

    /// <summary>Polls until the channel's live stream id is known; null if it never went live in time.</summary>
    public static async Task<Guid?> WaitLiveAsync(HttpClient gateway, string slug, TimeSpan within)
    {
        var channel = await Eventually.ValueAsync(() => GetAsync(gateway, slug),
            c => c.GetProperty("liveStream").ValueKind == JsonValueKind.Object, within, TimeSpan.FromMilliseconds(100));
        return channel.GetProperty("liveStream").ValueKind == JsonValueKind.Object ? channel.GetProperty("liveStream").GetProperty("id").GetGuid() : null;
    }
}
