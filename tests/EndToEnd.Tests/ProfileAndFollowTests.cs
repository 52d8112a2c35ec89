using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ProfileAndFollowTests(PlatformFixture platform)
{
    public static TheoryData<string, string> MutatingRoutes => new()
    {
        { "PATCH", "/api/users/me" },
        { "PUT", "/api/users/me/settings" },
        { "POST", "/api/users/me/two-factor" },
        { "POST", "/api/users/me/two-factor/enable" },
        { "DELETE", "/api/users/me/two-factor" },
        { "PUT", "/api/users/someone/follow" },
        { "DELETE", "/api/users/someone/follow" },
        { "PUT", "/api/users/someone/verified" },
        { "DELETE", "/api/users/someone/verified" },
        { "POST", "/api/auth/logout" },
    };

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task Mutating_routes_refuse_anonymous_callers_with_401(string method, string path)
    {
        using var gateway = platform.CreateGatewayClient();
        using var response = await gateway.SendAsync(new HttpMethod(method), path, body: new { });
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.EndsWith("/unauthenticated", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_profile_edit_shows_on_the_public_profile_which_never_shows_the_email()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        using (var patch = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", account, new
        {
            displayName = "  Night Owl  ",
            bio = "Speedruns at 3am.",
            avatarUrl = "https://cdn.example.com/a.png",
            bannerUrl = "http://cdn.example.com/b.png",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            var me = await patch.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Night Owl", me.GetProperty("displayName").GetString());
        }

        // Omitted fields stay; an empty string clears.
        using (var clear = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", account, new { bannerUrl = "" }))
        {
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        }

        using var anonymous = platform.CreateGatewayClient();
        var profile = await anonymous.GetFromJsonAsync<JsonElement>($"/api/users/{account.Username.ToUpperInvariant()}");
        Assert.Equal("Night Owl", profile.GetProperty("displayName").GetString());
        Assert.Equal("Speedruns at 3am.", profile.GetProperty("bio").GetString());
        Assert.Equal("https://cdn.example.com/a.png", profile.GetProperty("avatarUrl").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("bannerUrl").ValueKind);
        Assert.False(profile.TryGetProperty("email", out _));
        Assert.DoesNotContain("@example.com", profile.GetRawText());

        var events = await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("identitydb"),
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%UserProfileUpdated%' AND (payload->>'userId')::uuid = @id", ("id", account.Id));
        Assert.Equal(2, events);

        using var missing = await anonymous.GetAsync("/api/users/nobody_has_this_name");
        await Accounts.ProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"displayName\": \"a display name that is far longer than fifty characters, surely\"}", "displayName")]
    [InlineData("{\"avatarUrl\": \"javascript:alert(1)\"}", "avatarUrl")]
    [InlineData("{\"bannerUrl\": \"ftp://files.example.com/b.png\"}", "bannerUrl")]
    [InlineData("{\"avatarUrl\": \"/relative.png\"}", "avatarUrl")]
    [InlineData("{\"displayName\": 42}", "displayName")]
    [InlineData("{\"isAdmin\": true}", "isAdmin")]
    public async Task Bad_profile_edits_name_the_field(string body, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/users/me")
        {
            Headers = { Authorization = account.Bearer },
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.SendAsync(request);
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task A_bio_over_500_characters_is_refused()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        using var response = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", account, new { bio = new string('b', 501) });
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("bio", out _));
    }

    public static TheoryData<byte[], string> BadRegistrationBodies => new()
    {
        { Encoding.UTF8.GetBytes("{\"email\": \"a@example.com\", \"password\": \"correct horse battery\"}"), "username" },
        { Encoding.UTF8.GetBytes($"{{\"username\": \"{new string('a', 10 * 1024)}\", \"email\": \"a@example.com\", \"password\": \"correct horse battery\"}}"), "username" },
        { [.. "{\"username\": \""u8, 0xC3, 0x28, .. "\", \"email\": \"a@example.com\", \"password\": \"correct horse battery\"}"u8], "username" },
        { Encoding.UTF8.GetBytes("{\"username\": [\"abc\"], \"email\": \"a@example.com\", \"password\": \"correct horse battery\"}"), "username" },
        { Encoding.UTF8.GetBytes("{\"username\": \"abcdef\", \"email\": \"a@example.com\", \"password\": \"correct horse battery\", \"role\": \"admin\"}"), "role" },
        { Encoding.UTF8.GetBytes("{\"username\": \"abcdef\", \"email\": \"a@example.com\", \"password\": \"password12345\"}"), "password" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrationBodies))]
    public async Task Bad_registration_bodies_get_400_with_the_field_named(byte[] body, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
        using var response = await gateway.PostAsync("/api/auth/register", content);
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Settings_round_trip_and_refuse_unknown_privacy_levels()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        var initial = await (await gateway.SendAsync(HttpMethod.Get, "/api/users/me/settings", account)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("public", initial.GetProperty("privacyLevel").GetString());
        Assert.True(initial.GetProperty("emailNotifications").GetBoolean());

        using (var bad = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/settings", account, new { emailNotifications = false, privacyLevel = "secret" }))
        {
            var problem = await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("privacyLevel", out _));
        }
        using (var missing = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/settings", account, new { privacyLevel = "private" }))
        {
            var problem = await Accounts.ProblemAsync(missing, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("emailNotifications", out _));
        }
        using (var good = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/settings", account, new { emailNotifications = false, privacyLevel = "friends" }))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }
        var after = await (await gateway.SendAsync(HttpMethod.Get, "/api/users/me/settings", account)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("friends", after.GetProperty("privacyLevel").GetString());
        Assert.False(after.GetProperty("emailNotifications").GetBoolean());
    }

    [Fact]
    public async Task Following_is_idempotent_publishes_once_and_cannot_target_yourself()
    {
        using var gateway = platform.CreateGatewayClient();
        var fan = await Accounts.RegisterAndLoginAsync(gateway);
        var star = await Accounts.RegisterAndLoginAsync(gateway);

        for (var i = 0; i < 2; i++)
        {
            using var follow = await gateway.SendAsync(HttpMethod.Put, $"/api/users/{star.Username}/follow", fan);
            Assert.Equal(HttpStatusCode.NoContent, follow.StatusCode);
        }
        using (var self = await gateway.SendAsync(HttpMethod.Put, $"/api/users/{fan.Username}/follow", fan))
        {
            var problem = await Accounts.ProblemAsync(self, HttpStatusCode.BadRequest);
            Assert.EndsWith("/cannot-follow-yourself", problem.GetProperty("type").GetString());
        }
        using (var unknown = await gateway.SendAsync(HttpMethod.Put, "/api/users/nobody_has_this_name/follow", fan))
        {
            await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        var profile = await (await gateway.SendAsync(HttpMethod.Get, $"/api/users/{star.Username}", fan)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, profile.GetProperty("followerCount").GetInt32());
        Assert.True(profile.GetProperty("isFollowedByMe").GetBoolean());
        Assert.False(profile.GetProperty("followsMe").GetBoolean());

        for (var i = 0; i < 2; i++)
        {
            using var unfollow = await gateway.SendAsync(HttpMethod.Delete, $"/api/users/{star.Username}/follow", fan);
            Assert.Equal(HttpStatusCode.NoContent, unfollow.StatusCode);
        }

        var identitydb = platform.DatabaseConnectionString("identitydb");
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(identitydb,
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.UserFollowed,%' AND (payload->>'followerId')::uuid = @id", ("id", fan.Id)));
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(identitydb,
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.UserUnfollowed,%' AND (payload->>'followerId')::uuid = @id", ("id", fan.Id)));
        Assert.Equal(0, await DatabaseInspection.ScalarAsync<long>(identitydb,
            "SELECT count(*) FROM user_follows_user WHERE follower_id = @id", ("id", fan.Id)));
    }

    [Fact]
    public async Task Concurrent_follows_keep_counts_and_pages_consistent()
    {
        using var gateway = platform.CreateGatewayClient();
        var star = await Accounts.RegisterAndLoginAsync(gateway);
        var fans = new List<Account>();
        for (var i = 0; i < 12; i++) fans.Add(await Accounts.RegisterAndLoginAsync(platform.CreateGatewayClient()));

        // Every fan follows at once, and the first fan hammers the same follow eight times in parallel.
        var requests = fans.Select(fan => FollowAsync(fan))
            .Concat(Enumerable.Range(0, 8).Select(_ => FollowAsync(fans[0])));
        Assert.All(await Task.WhenAll(requests), status => Assert.Equal(HttpStatusCode.NoContent, status));

        var profile = await gateway.GetFromJsonAsync<JsonElement>($"/api/users/{star.Username}");
        Assert.Equal(fans.Count, profile.GetProperty("followerCount").GetInt32());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await gateway.GetFromJsonAsync<JsonElement>($"/api/users/{star.Username}/followers?limit=5" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("username").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Equal(fans.Select(f => f.Username).Order(), seen.Order());

        var following = await gateway.GetFromJsonAsync<JsonElement>($"/api/users/{fans[0].Username}/following");
        Assert.Equal(star.Username, Assert.Single(following.GetProperty("items").EnumerateArray()).GetProperty("username").GetString());
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("identitydb"),
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.UserFollowed,%' AND (payload->>'followerId')::uuid = @id", ("id", fans[0].Id)));

        async Task<HttpStatusCode> FollowAsync(Account fan)
        {
            using var client = platform.CreateGatewayClient();
            using var response = await client.SendAsync(HttpMethod.Put, $"/api/users/{star.Username}/follow", fan);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task Private_and_friends_only_follow_lists_are_shown_only_to_whom_they_should_be()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var friend = await Accounts.RegisterAndLoginAsync(gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        await gateway.SendAsync(HttpMethod.Put, $"/api/users/{owner.Username}/follow", friend);
        await gateway.SendAsync(HttpMethod.Put, $"/api/users/{owner.Username}/follow", stranger);

        await SetPrivacyAsync("private");
        foreach (var list in new[] { "followers", "following" })
        {
            Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(owner, list));
            Assert.Equal(HttpStatusCode.Forbidden, await ListStatusAsync(friend, list));
            Assert.Equal(HttpStatusCode.Forbidden, await ListStatusAsync(null, list));
        }

        // Friends-only: a follower is not yet a friend; following them back makes it mutual.
        await SetPrivacyAsync("friends");
        Assert.Equal(HttpStatusCode.Forbidden, await ListStatusAsync(friend, "followers"));
        await gateway.SendAsync(HttpMethod.Put, $"/api/users/{friend.Username}/follow", owner);
        Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(friend, "followers"));
        Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(friend, "following"));
        Assert.Equal(HttpStatusCode.Forbidden, await ListStatusAsync(stranger, "followers"));
        Assert.Equal(HttpStatusCode.Forbidden, await ListStatusAsync(null, "following"));

        await SetPrivacyAsync("public");
        Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(null, "followers"));

        async Task SetPrivacyAsync(string level)
        {
            using var response = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/settings", owner, new { emailNotifications = true, privacyLevel = level });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        async Task<HttpStatusCode> ListStatusAsync(Account? viewer, string list)
        {
            using var response = await gateway.SendAsync(HttpMethod.Get, $"/api/users/{owner.Username}/{list}", viewer);
            if (response.StatusCode == HttpStatusCode.Forbidden) await Accounts.ProblemAsync(response, HttpStatusCode.Forbidden);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task Only_admins_set_the_verified_mark_and_it_reaches_the_next_token()
    {
        using var gateway = platform.CreateGatewayClient();
        var admin = await platform.AdminAsync();
        var user = await Accounts.RegisterAndLoginAsync(gateway);
        var other = await Accounts.RegisterAndLoginAsync(gateway);

        using (var self = await gateway.SendAsync(HttpMethod.Put, $"/api/users/{user.Username}/verified", user))
        {
            await Accounts.ProblemAsync(self, HttpStatusCode.Forbidden);
        }
        using (var someoneElse = await gateway.SendAsync(HttpMethod.Put, $"/api/users/{user.Username}/verified", other))
        {
            await Accounts.ProblemAsync(someoneElse, HttpStatusCode.Forbidden);
        }
        using (var byAdmin = await gateway.SendAsync(HttpMethod.Put, $"/api/users/{user.Username}/verified", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        }
        using (var unknown = await gateway.SendAsync(HttpMethod.Put, "/api/users/nobody_has_this_name/verified", admin))
        {
            await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        var profile = await gateway.GetFromJsonAsync<JsonElement>($"/api/users/{user.Username}");
        Assert.True(profile.GetProperty("verified").GetBoolean());
        var tokens = await Accounts.LoginAsync(gateway, user.Username);
        var me = await (await gateway.SendWithTokenAsync(HttpMethod.Get, "/api/users/me", tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("verified", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var adminMe = await (await gateway.SendAsync(HttpMethod.Get, "/api/users/me", admin)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("admin", adminMe.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using (var revoke = await gateway.SendAsync(HttpMethod.Delete, $"/api/users/{user.Username}/verified", admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        Assert.False((await gateway.GetFromJsonAsync<JsonElement>($"/api/users/{user.Username}")).GetProperty("verified").GetBoolean());
    }
}
