using System.Net;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>A channel broadcasting (ffmpeg) whose chat room Chat has opened.</summary>
public sealed record LiveRoom(string Slug, Guid StreamId, Publisher Publisher) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Publisher.DisposeAsync();
}

/// <summary>Going live and joining chat through the gateway, as a creator's and a viewer's app do.</summary>
public static class ChatRooms
{
    /// <summary>A new channel of <paramref name="owner"/> goes live; returns once its room takes messages.</summary>
    public static async Task<LiveRoom> OpenAsync(PlatformFixture platform, HttpClient gateway, Account owner)
    {
        var slug = await Channels.CreateAsync(gateway, owner);
        var publisher = Publisher.Start(platform.RtmpIngestUrl, await Channels.StreamKeyAsync(gateway, owner, slug));
        var streamId = (await Channels.WaitLiveAsync(gateway, slug, TimeSpan.FromSeconds(10)))!.Value;
        // Chat learns of the stream from StreamStarted; the room takes messages once it has.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await gateway.GetAsync($"/api/streams/{streamId}/chat");
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15)), "chat never heard that the stream started");
        return new LiveRoom(slug, streamId, publisher);
    }

    /// <summary>A started hub connection through the gateway, signed in as <paramref name="user"/> or anonymous.</summary>
    public static Task<HubConnection> ConnectAsync(PlatformFixture platform, Account? user) =>
        ConnectToAsync(platform.App.GetEndpoint("gateway", "http"), user);

    /// <summary>A started hub connection to <paramref name="server"/> (the gateway, or one Chat instance directly).</summary>
    public static async Task<HubConnection> ConnectToAsync(Uri server, Account? user)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                if (user is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(user.Tokens.AccessToken);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
