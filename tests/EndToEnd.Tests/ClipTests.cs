using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Clips of live streams and of VODs, their likes, views and lists, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ClipTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_live_clip_taken_while_streaming_is_ready_before_the_broadcast_ends_and_plays_through_the_gateway()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        using var gateway = platform.CreateGatewayClient();

        var clip = await gateway.GetFromJsonAsync<JsonElement>($"/api/clips/{shared.LiveClipSlug}");
        Assert.Equal("ready", clip.GetProperty("status").GetString());
        Assert.Equal("live", clip.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal(shared.StreamId, clip.GetProperty("source").GetProperty("streamId").GetGuid());
        Assert.Equal(shared.Slug, clip.GetProperty("channel").GetProperty("slug").GetString());
        Assert.False(string.IsNullOrEmpty(clip.GetProperty("creator").GetProperty("username").GetString()));
        Assert.InRange(clip.GetProperty("durationSeconds").GetInt32(), 8, 12);
        var video = clip.GetProperty("videoUrl").GetString()!;
        Assert.InRange(await ContentScenarios.ProbeDurationAsync(platform, video), 8, 12);
        await ContentScenarios.AssertServesRangesAsync(gateway, video, "video/mp4");
        Assert.Equal("image/jpeg", (await gateway.GetAsync(clip.GetProperty("thumbnailUrl").GetString())).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_vod_clip_at_an_offset_is_ready_with_the_asked_duration_plays_through_the_gateway_and_is_listed()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        using var gateway = platform.CreateGatewayClient();
        var fan = await Accounts.RegisterAndLoginAsync(gateway);

        using var created = await gateway.SendAsync(HttpMethod.Post, "/api/clips", fan,
            new { vodId = shared.VodId, offsetSeconds = 5, durationSeconds = 10, title = "That moment" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var accepted = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("processing", accepted.GetProperty("status").GetString());
        var slug = accepted.GetProperty("slug").GetString()!;
        Assert.Matches("^[A-Za-z]+-[A-Za-z0-9]{12}$", slug);
        Assert.Equal($"/api/clips/{slug}", created.Headers.Location?.ToString());

        var clip = await ContentScenarios.ClipAsync(gateway, slug, c => c.GetProperty("status").GetString() != "processing", TimeSpan.FromSeconds(20));
        Assert.Equal("ready", clip.GetProperty("status").GetString());
        Assert.Equal("That moment", clip.GetProperty("title").GetString());
        Assert.Equal(fan.Username, clip.GetProperty("creator").GetProperty("username").GetString());
        Assert.Equal("vod", clip.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal(5, clip.GetProperty("source").GetProperty("offsetSeconds").GetInt32());
        Assert.InRange(await ContentScenarios.ProbeDurationAsync(platform, clip.GetProperty("videoUrl").GetString()!), 8, 12);

        using (var view = await gateway.SendAsync(HttpMethod.Post, $"/api/clips/{slug}/views", null, new { viewerId = "someone" }))
        {
            Assert.Equal(1, (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("views").GetInt32());
        }
        var top = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{shared.Slug}/clips?sort=top&period=day");
        Assert.Equal(slug, top.GetProperty("items")[0].GetProperty("slug").GetString());
        var recent = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{shared.Slug}/clips?sort=recent&period=all&limit=1");
        Assert.Equal(slug, recent.GetProperty("items")[0].GetProperty("slug").GetString());
        var older = await gateway.GetFromJsonAsync<JsonElement>(
            $"/api/channels/{shared.Slug}/clips?sort=recent&period=all&limit=1&cursor={recent.GetProperty("nextCursor").GetString()}");
        Assert.Equal(shared.LiveClipSlug, older.GetProperty("items")[0].GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_hundred_users_liking_at_once_make_a_hundred_likes_and_unliking_brings_it_back_to_zero()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        var users = await TestTokens.MintAsync(platform, 100);
        using var gateway = platform.CreateGatewayClient();
        var path = $"/api/clips/{shared.LiveClipSlug}/like";

        var liked = await Task.WhenAll(users.Select(user => StatusAsync(gateway, HttpMethod.Put, path, user.Token)));
        Assert.All(liked, status => Assert.Equal(HttpStatusCode.OK, status));
        // Liking again changes nothing.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, HttpMethod.Put, path, users[0].Token));
        Assert.Equal(100, await LikesAsync(gateway, shared.LiveClipSlug));

        var unliked = await Task.WhenAll(users.Select(user => StatusAsync(gateway, HttpMethod.Delete, path, user.Token)));
        Assert.All(unliked, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway, HttpMethod.Delete, path, users[0].Token));
        Assert.Equal(0, await LikesAsync(gateway, shared.LiveClipSlug));
        Assert.Equal(0, await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("contentdb"),
            "SELECT count(*) FROM clip_likes l JOIN clips c ON c.id = l.clip_id WHERE c.slug = @slug", ("slug", shared.LiveClipSlug)));
    }

    [Fact]
    public async Task Every_mutating_clip_route_tells_anonymous_callers_strangers_creators_channel_owners_and_admins_apart()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        using var gateway = platform.CreateGatewayClient();
        var fan = await Accounts.RegisterAndLoginAsync(gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        var admin = await platform.AdminAsync();
        var byFan = await ReadyClipAsync(gateway, fan, shared.VodId);
        var forOwner = await ReadyClipAsync(gateway, fan, shared.VodId);
        var forAdmin = await ReadyClipAsync(gateway, fan, shared.VodId);

        using (var anonymous = await gateway.SendAsync(HttpMethod.Post, "/api/clips", null, new { vodId = shared.VodId, offsetSeconds = 0 }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
        {
            using var anonymous = await gateway.SendAsync(method, $"/api/clips/{byFan}/like");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var anonymous = await gateway.SendAsync(HttpMethod.Delete, $"/api/clips/{byFan}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var other = await gateway.SendAsync(HttpMethod.Delete, $"/api/clips/{byFan}", stranger))
        {
            await Accounts.ProblemAsync(other, HttpStatusCode.Forbidden);
        }

        foreach (var (slug, who) in new[] { (byFan, fan), (forOwner, shared.Creator), (forAdmin, admin) })
        {
            using var deleted = await gateway.SendAsync(HttpMethod.Delete, $"/api/clips/{slug}", who);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using var gone = await gateway.GetAsync($"/api/clips/{slug}");
            await Accounts.ProblemAsync(gone, HttpStatusCode.NotFound);
        }
        // The VOD they were cut from is untouched.
        Assert.Equal("ready", (await ContentScenarios.VodAsync(gateway, shared.VodId)).GetProperty("processingStatus").GetString());
    }

    [Fact]
    public async Task Bad_clip_requests_get_problem_json()
    {
        var shared = await ContentScenarios.SharedAsync(platform);
        using var gateway = platform.CreateGatewayClient();
        var fan = await Accounts.RegisterAndLoginAsync(gateway);

        await ExpectAsync(new { vodId = shared.VodId, offsetSeconds = 0, durationSeconds = 4 }, HttpStatusCode.BadRequest, "durationSeconds");
        await ExpectAsync(new { vodId = shared.VodId, offsetSeconds = 0, durationSeconds = 61 }, HttpStatusCode.BadRequest, "durationSeconds");
        await ExpectAsync(new { vodId = shared.VodId, offsetSeconds = 3600, durationSeconds = 10 }, HttpStatusCode.BadRequest, "offsetSeconds");
        await ExpectAsync(new { vodId = shared.VodId }, HttpStatusCode.BadRequest, "offsetSeconds");
        await ExpectAsync(new { vodId = shared.VodId, streamId = shared.StreamId, offsetSeconds = 0 }, HttpStatusCode.BadRequest, "vodId");
        await ExpectAsync(new { vodId = Guid.NewGuid(), offsetSeconds = 0 }, HttpStatusCode.NotFound, null);
        await ExpectAsync(new { streamId = Guid.NewGuid() }, HttpStatusCode.NotFound, null);
        // The stream has ended: its live buffer is not for clipping (its VOD is).
        var ended = await ExpectAsync(new { streamId = shared.StreamId, durationSeconds = 10 }, HttpStatusCode.Conflict, null);
        Assert.EndsWith("/stream-not-live", ended.GetProperty("type").GetString());

        using (var unknown = await gateway.SendAsync(HttpMethod.Put, "/api/clips/NoSuchClipAnywhere-000000000000/like", fan))
        {
            await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
        }
        using (var badSort = await gateway.GetAsync($"/api/channels/{shared.Slug}/clips?sort=best&period=year"))
        {
            var problem = await Accounts.ProblemAsync(badSort, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("sort", out _));
            Assert.True(problem.GetProperty("errors").TryGetProperty("period", out _));
        }

        async Task<JsonElement> ExpectAsync(object body, HttpStatusCode status, string? field)
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, "/api/clips", fan, body);
            var problem = await Accounts.ProblemAsync(response, status);
            if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            return problem;
        }
    }

    private static async Task<string> ReadyClipAsync(HttpClient gateway, Account creator, Guid vodId)
    {
        using var created = await gateway.SendAsync(HttpMethod.Post, "/api/clips", creator, new { vodId, offsetSeconds = 0, durationSeconds = 5 });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var slug = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
        var clip = await ContentScenarios.ClipAsync(gateway, slug, c => c.GetProperty("status").GetString() != "processing", TimeSpan.FromSeconds(20));
        Assert.Equal("ready", clip.GetProperty("status").GetString());
        return slug;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient gateway, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var response = await gateway.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<int> LikesAsync(HttpClient gateway, string slug) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"/api/clips/{slug}")).GetProperty("likes").GetInt32();
}
