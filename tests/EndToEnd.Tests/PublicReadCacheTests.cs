using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// The gateway keeps anonymous public reads (RouteTable.PublicReads) for Gateway:Caching:PublicReads,
/// 1 s by default: a crowd costs the service one read a second, nobody sees an answer older than that,
/// and a change made through the gateway shows at once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicReadCacheTests(PlatformFixture platform)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_anonymous_channel_read_is_shared_a_change_elsewhere_shows_within_the_lifetime_and_one_through_the_gateway_at_once()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner, name: "Before");

        // Two anonymous reads in quick succession: the second is the gateway's copy (it says how old, in Age).
        var shared = false;
        for (var attempt = 0; attempt < 5 && !shared; attempt++)
        {
            await Task.Delay(Lifetime);
            using var first = await gateway.GetAsync($"/api/channels/{slug}");
            using var second = await gateway.GetAsync($"/api/channels/{slug}");
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            shared = first.Headers.Age is null && second.Headers.Age is { } age && age <= Lifetime;
        }
        Assert.True(shared, "a repeated anonymous read within the lifetime is answered from the gateway's copy");

        // A change made elsewhere (straight to Streaming: a gateway instance that did not see it) shows
        // within the lifetime, never later.
        using var streaming = platform.CreateServiceClient("streaming");
        using (var rename = await streaming.SendAsync(HttpMethod.Patch, $"/api/channels/{slug}", owner, new { name = "Elsewhere" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }
        var changed = Stopwatch.StartNew();
        string? name;
        do
        {
            name = (await Channels.GetAsync(gateway, slug)).GetProperty("name").GetString();
            if (name != "Elsewhere") await Task.Delay(50);
        }
        while (name != "Elsewhere" && changed.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal("Elsewhere", name);
        // The lifetime, and a little for the read that was in flight when it ran out.
        Assert.True(changed.Elapsed <= Lifetime + TimeSpan.FromMilliseconds(750), $"the anonymous read changed after {changed.Elapsed.TotalMilliseconds:0} ms");

        // A change made through the gateway drops its copies of the path and the paths above it: the very next read shows it.
        using (await gateway.GetAsync("/api/channels")) { }
        using (await gateway.GetAsync($"/api/channels/{slug}")) { }
        using (var rename = await gateway.SendAsync(HttpMethod.Patch, $"/api/channels/{slug}", owner, new { name = "After" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }
        Assert.Equal("After", (await Channels.GetAsync(gateway, slug)).GetProperty("name").GetString());
        // A signed-in read always comes from the service.
        using (var own = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}", owner))
        {
            Assert.Null(own.Headers.Age);
            Assert.Equal("After", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Answers_other_than_200_and_reads_with_a_token_are_never_kept()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = Channels.NewSlug();

        // A 404 is not kept: the channel is readable as soon as it exists.
        using (var missing = await gateway.GetAsync($"/api/channels/{slug}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using (var create = await gateway.SendAsync(HttpMethod.Post, "/api/channels", owner, new { name = "Fresh", slug }))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }
        using (var found = await gateway.GetAsync($"/api/channels/{slug}"))
        {
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        }
        for (var i = 0; i < 3; i++)
        {
            using var own = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}", owner);
            Assert.Null(own.Headers.Age);
        }
    }
}
