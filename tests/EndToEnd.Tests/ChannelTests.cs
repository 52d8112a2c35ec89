using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Contracts.Grpc.Streaming;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ChannelTests(PlatformFixture platform)
{
    public static TheoryData<string, string> MutatingRoutes => new()
    {
        { "POST", "/api/channels" },
        { "PATCH", "/api/channels/{slug}" },
        { "GET", "/api/channels/{slug}/stream-key" },
        { "POST", "/api/channels/{slug}/stream-key/rotate" },
        { "PUT", "/api/channels/{slug}/follow" },
        { "DELETE", "/api/channels/{slug}/follow" },
        { "POST", "/api/channels/{slug}/streams" },
        { "PUT", "/api/channels/{slug}/suspension" },
        { "PATCH", "/api/streams/{stream}" },
    };

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task Channel_routes_refuse_anonymous_callers_and_other_users(string method, string template)
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var other = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner);
        using var scheduled = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/streams", owner, new { title = "Later" });
        var streamId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var path = template.Replace("{slug}", slug).Replace("{stream}", streamId.ToString());
        object? body = template switch
        {
            "/api/channels" => new { name = "Mine", slug = Channels.NewSlug() },
            "/api/channels/{slug}" => new { name = "Renamed" },
            "/api/channels/{slug}/streams" or "/api/streams/{stream}" => new { title = "New title" },
            _ => null,
        };

        using (var anonymous = await gateway.SendAsync(new HttpMethod(method), path, body: body))
        {
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }
        // Follow and create are for anyone signed in; everything else is the owner's (or an admin's).
        if (template is "/api/channels" or "/api/channels/{slug}/follow") return;
        using var someoneElse = await gateway.SendAsync(new HttpMethod(method), path, other, body);
        await Accounts.ProblemAsync(someoneElse, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Opening_a_first_channel_makes_the_owner_a_creator_in_their_next_token()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        await Channels.CreateAsync(gateway, owner);

        var roles = await Eventually.ValueAsync(async () =>
        {
            var tokens = await Accounts.LoginAsync(gateway, owner.Username);
            using var me = await gateway.SendWithTokenAsync(HttpMethod.Get, "/api/users/me", tokens.AccessToken);
            var profile = await me.Content.ReadFromJsonAsync<JsonElement>();
            return profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
        }, r => r.Contains("creator"), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        Assert.Contains("creator", roles);
    }

    [Theory]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"admin\"}", "slug")]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"Has Spaces\"}", "slug")]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"ab\"}", "slug")]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"-leading-dash\"}", "slug")]
    [InlineData("{\"slug\": \"no-name-given\"}", "name")]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"fine-slug-1\", \"language\": \"english please\"}", "language")]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"fine-slug-2\", \"category\": 7}", "category")]
    [InlineData("{\"name\": \"Fine\", \"slug\": \"fine-slug-3\", \"owner\": \"me\"}", "owner")]
    public async Task Bad_channels_are_refused_with_the_field_named(string json, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/channels")
        {
            Headers = { Authorization = owner.Bearer },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.SendAsync(request);
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Slugs_are_unique_keys_are_for_owners_only_and_stream_details_are_validated()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var admin = await platform.AdminAsync();
        var slug = await Channels.CreateAsync(gateway, owner);

        using (var duplicate = await gateway.SendAsync(HttpMethod.Post, "/api/channels", await Accounts.RegisterAndLoginAsync(gateway), new { name = "Copy", slug = slug.ToUpperInvariant() }))
        {
            await Accounts.ProblemAsync(duplicate, HttpStatusCode.Conflict);
        }
        using (var adminPeek = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/stream-key", admin))
        {
            await Accounts.ProblemAsync(adminPeek, HttpStatusCode.Forbidden);
        }
        var key = await Channels.StreamKeyAsync(gateway, owner, slug);
        Assert.StartsWith("live_", key);
        Assert.True(key.Length >= 5 + 32, "at least 192 bits of key");
        Assert.Equal(0, await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("streamingdb"),
            "SELECT count(*) FROM stream_keys WHERE key_hash = @k OR encode(encrypted_key, 'escape') LIKE '%' || @k || '%'", ("k", key)));

        using (var tooManyTags = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/streams", owner,
            new { title = "Tags", tags = Enumerable.Range(0, 11).Select(i => $"tag{i}").ToArray() }))
        {
            var problem = await Accounts.ProblemAsync(tooManyTags, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("tags", out _));
        }
        using (var longTag = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/streams", owner,
            new { title = "Tags", tags = new[] { new string('t', 26) } }))
        {
            await Accounts.ProblemAsync(longTag, HttpStatusCode.BadRequest);
        }

        // Admins may edit and suspend; a suspended channel leaves the directory.
        using (var adminEdit = await gateway.SendAsync(HttpMethod.Patch, $"/api/channels/{slug}", admin, new { description = "Checked by staff" }))
        {
            Assert.Equal(HttpStatusCode.OK, adminEdit.StatusCode);
        }
        using (var suspend = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/suspension", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, suspend.StatusCode);
        }
        Assert.True((await Channels.GetAsync(gateway, slug)).GetProperty("suspended").GetBoolean());
        await using (var publisher = Publisher.Start(platform.RtmpIngestUrl, key))
        {
            Assert.True(await publisher.ExitsWithinAsync(TimeSpan.FromSeconds(10)), "a suspended channel's key is refused");
        }
        using (var reinstate = await gateway.SendAsync(HttpMethod.Delete, $"/api/channels/{slug}/suspension", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, reinstate.StatusCode);
        }
    }

    [Fact]
    public async Task Follows_are_idempotent_counted_exactly_under_concurrency_and_listed_for_the_follower()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner);
        var fans = new List<Account>();
        for (var i = 0; i < 10; i++) fans.Add(await Accounts.RegisterAndLoginAsync(platform.CreateGatewayClient()));

        var follows = fans.Select(f => FollowAsync(f)).Concat(Enumerable.Range(0, 6).Select(_ => FollowAsync(fans[0])))
            .Concat(Enumerable.Range(0, 4).Select(_ => FollowAsync(fans[1], unfollow: true)));
        await Task.WhenAll(follows);
        await FollowAsync(fans[1]);

        var channel = await Channels.GetAsync(gateway, slug);
        var rows = await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("streamingdb"),
            "SELECT count(*) FROM followers WHERE channel_id = @id", ("id", channel.GetProperty("id").GetGuid()));
        Assert.Equal(rows, channel.GetProperty("followerCount").GetInt32());
        Assert.Equal(10, rows);

        using (var self = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/follow", owner))
        {
            await Accounts.ProblemAsync(self, HttpStatusCode.BadRequest);
        }
        using (var quiet = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/follow", fans[2], new { notificationEnabled = false }))
        {
            Assert.Equal(HttpStatusCode.NoContent, quiet.StatusCode);
        }
        var followed = await (await gateway.SendAsync(HttpMethod.Get, "/api/users/me/followed-channels", fans[2])).Content.ReadFromJsonAsync<JsonElement>();
        var entry = Assert.Single(followed.GetProperty("items").EnumerateArray());
        Assert.Equal(slug, entry.GetProperty("slug").GetString());
        Assert.False(entry.GetProperty("notificationEnabled").GetBoolean());

        using (var byStranger = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/followers", fans[3]))
        {
            await Accounts.ProblemAsync(byStranger, HttpStatusCode.Forbidden);
        }
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            using var page = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/followers?limit=4" + (cursor is null ? "" : $"&cursor={cursor}"), owner);
            var body = await page.Content.ReadFromJsonAsync<JsonElement>();
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("userId").GetGuid()));
            cursor = body.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Equal(fans.Select(f => f.Id).Order(), seen.Order());

        var streamingdb = platform.DatabaseConnectionString("streamingdb");
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(streamingdb,
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.ChannelFollowed,%' AND (payload->>'userId')::uuid = @id", ("id", fans[0].Id)));

        // A new display name travels from Identity to the channel's follower list.
        using (var rename = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", fans[0], new { displayName = "Renamed Fan" }))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }
        var renamed = await Eventually.ValueAsync(async () =>
        {
            using var list = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/followers?limit=100", owner);
            var items = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
            return items.Single(i => i.GetProperty("userId").GetGuid() == fans[0].Id).GetProperty("displayName").GetString();
        }, name => name == "Renamed Fan", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(300));
        Assert.Equal("Renamed Fan", renamed);

        async Task FollowAsync(Account fan, bool unfollow = false)
        {
            using var client = platform.CreateGatewayClient();
            using var response = await client.SendAsync(unfollow ? HttpMethod.Delete : HttpMethod.Put, $"/api/channels/{slug}/follow", fan);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_directory_filters_by_category_language_and_name_and_puts_live_channels_first()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var quiet = await Channels.CreateAsync(gateway, owner, category: "music", name: $"Quiet {marker}");
        var busy = await Channels.CreateAsync(gateway, owner, category: "music", name: $"Busy {marker}");
        await Channels.CreateAsync(gateway, owner, category: "education", name: $"Lessons {marker}");

        await using var publisher = Publisher.Start(platform.RtmpIngestUrl, await Channels.StreamKeyAsync(gateway, owner, busy));
        Assert.NotNull(await Channels.WaitLiveAsync(gateway, busy, TimeSpan.FromSeconds(10)));

        var music = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels?category=music&q={marker}");
        Assert.Equal([busy, quiet], music.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("slug").GetString()));
        var live = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels?live=true&q={marker}");
        Assert.Equal([busy], live.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("slug").GetString()));
        var english = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels?language=en&q=lessons%20{marker}");
        Assert.Single(english.GetProperty("items").EnumerateArray());
        using var bad = await gateway.GetAsync("/api/channels?live=maybe");
        await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest);

        // Other services ask Streaming over gRPC.
        using var channel = GrpcChannel.ForAddress(platform.App.GetEndpoint("streaming", "grpc"));
        var directory = new ChannelDirectory.ChannelDirectoryClient(channel);
        var liveStream = await directory.GetLiveStreamAsync(new GetChannelRequest { Slug = busy });
        Assert.Equal("live", liveStream.Status);
        Assert.Equal(owner.Id.ToString(), liveStream.OwnerId);
        Assert.Equal(liveStream.Id, (await directory.GetStreamAsync(new GetStreamRequest { Id = liveStream.Id })).Id);
        Assert.True((await directory.IsChannelOwnerAsync(new IsChannelOwnerRequest { Channel = new GetChannelRequest { Slug = busy }, UserId = owner.Id.ToString() })).IsOwner);
        Assert.False((await directory.IsChannelOwnerAsync(new IsChannelOwnerRequest { Channel = new GetChannelRequest { Slug = busy }, UserId = Guid.NewGuid().ToString() })).IsOwner);
        var notLive = await Assert.ThrowsAsync<RpcException>(async () => await directory.GetLiveStreamAsync(new GetChannelRequest { Slug = quiet }));
        Assert.Equal(StatusCode.NotFound, notLive.StatusCode);
    }
}
