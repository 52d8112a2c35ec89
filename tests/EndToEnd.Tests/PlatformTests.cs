using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AeThexLive.Contracts.Identity;
using AeThexLive.ServiceDefaults;
using AeThexLive.TestSupport;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
[StopsServices]
public sealed class PlatformTests(PlatformFixture platform)
{
    private static readonly string[] ReplicaDatabases = [.. SliceTables.KeepingUsers.Select(s => s.Database)];

    [Fact]
    public async Task Gateway_health_shows_strangers_the_status_alone_and_an_admin_every_service_healthy()
    {
        using (var anonymous = await platform.Gateway.GetAsync("/health"))
        {
            var bare = await anonymous.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["status"], bare.EnumerateObject().Select(p => p.Name));
            Assert.False(anonymous.Headers.Contains("Server"), "the gateway names its server software");
        }

        var admin = await platform.AdminAsync();
        JsonElement body = default;
        var healthy = await Eventually.HoldsAsync(async () =>
        {
            using var response = await platform.Gateway.SendAsync(HttpMethod.Get, "/health", admin);
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60));

        Assert.True(healthy, $"gateway /health never became healthy: {body}");
        Assert.Equal("Healthy", body.GetProperty("gateway").GetString());
        foreach (var service in PlatformServices.All)
        {
            var entry = body.GetProperty("services").GetProperty(service.Name);
            Assert.Equal("Healthy", entry.GetProperty("status").GetString());
            // The service's own report covers its database, Redis and RabbitMQ: health is not just "the process is up".
            var checks = entry.GetProperty("checks").EnumerateObject().Select(check => check.Name).ToList();
            Assert.Contains(checks, name => name.Contains("DbContext", StringComparison.Ordinal));
            Assert.Contains(checks, name => name.Contains("redis", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Every_service_answers_its_info_route_to_admins_only_with_its_applied_migration()
    {
        var admin = await platform.AdminAsync();
        var someone = await Accounts.RegisterAndLoginAsync(platform.Gateway);
        foreach (var service in PlatformServices.All)
        {
            using (var anonymous = await platform.Gateway.GetAsync($"/api/{service.Name}/info"))
            {
                await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
            }
            using (var stranger = await platform.Gateway.SendAsync(HttpMethod.Get, $"/api/{service.Name}/info", someone))
            {
                await Accounts.ProblemAsync(stranger, HttpStatusCode.Forbidden);
            }
            using var response = await platform.Gateway.SendAsync(HttpMethod.Get, $"/api/{service.Name}/info", admin);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var info = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(service.Name, info.GetProperty("name").GetString());
            Assert.Equal(service.Database, info.GetProperty("database").GetString());
            var migrations = info.GetProperty("migrations");
            var latest = await DatabaseInspection.ScalarAsync<string>(platform.DatabaseConnectionString(service.Database),
                "SELECT max(migration_id) FROM \"__EFMigrationsHistory\"");
            Assert.Equal(latest, migrations.GetProperty("current").GetString());
            Assert.True(migrations.GetProperty("applied").GetInt32() >= 1);
            Assert.Equal(0, migrations.GetProperty("pending").GetInt32());
        }
    }

    [Fact]
    public async Task Each_service_database_holds_exactly_its_own_slice()
    {
        foreach (var (service, expected) in SliceTables.ByService)
        {
            var tables = await DatabaseInspection.TablesAsync(platform.DatabaseConnectionString(service.Database));
            Assert.Equal(new SortedSet<string>(expected, StringComparer.Ordinal), tables);
        }
    }

    [Fact]
    public async Task A_registered_user_reaches_every_service_that_keeps_user_names()
    {
        var username = NewUsername();
        using var response = await RegisterAsync(username);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var userId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        foreach (var database in ReplicaDatabases)
        {
            var arrived = await Eventually.HoldsAsync(async () =>
                await DatabaseInspection.ScalarAsync<string>(platform.DatabaseConnectionString(database),
                    "SELECT username FROM user_replicas WHERE user_id = @id", ("id", userId)) == username,
                TimeSpan.FromSeconds(30));
            Assert.True(arrived, $"UserRegistered for {username} never reached {database}");
        }
    }

    [Fact]
    public async Task A_renamed_user_reaches_every_service_that_keeps_users_and_an_older_rename_delivered_late_changes_nothing()
    {
        using var gateway = platform.CreateGatewayClient();
        var user = await Accounts.RegisterAndLoginAsync(gateway);
        using (var renamed = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", user, new { displayName = "Renamed Once" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }
        await AssertDisplayNameEverywhereAsync(user.Id, "Renamed Once");

        // An event Identity wrote before the rename, relayed only now (a retry, a slow broker).
        var stale = new UserProfileUpdated(user.Id, user.Username, "Stale Name", null, false, false, DateTime.UtcNow.AddHours(-1));
        var staleId = Guid.CreateVersion7();
        await DatabaseInspection.ExecuteAsync(platform.DatabaseConnectionString(PlatformServices.Identity.Database),
            "INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts) VALUES (@id, @type, @payload::jsonb, now(), 0)",
            ("id", staleId), ("type", $"{typeof(UserProfileUpdated).FullName}, {typeof(UserProfileUpdated).Assembly.GetName().Name}"),
            ("payload", JsonSerializer.Serialize(stale, JsonSerializerOptions.Web)));
        using (var later = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", user, new { displayName = "Renamed Twice" }))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }
        await AssertDisplayNameEverywhereAsync(user.Id, "Renamed Twice");
        foreach (var database in ReplicaDatabases)
        {
            var consumed = await Eventually.HoldsAsync(async () => await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString(database),
                "SELECT count(*) FROM processed_messages WHERE message_id = @id", ("id", staleId)) == 1, TimeSpan.FromSeconds(30));
            Assert.True(consumed, $"{database} never consumed the stale rename");
        }
        // Consumed, and it changed nothing.
        await AssertDisplayNameEverywhereAsync(user.Id, "Renamed Twice");
    }

    private async Task AssertDisplayNameEverywhereAsync(Guid userId, string displayName)
    {
        foreach (var database in ReplicaDatabases)
        {
            var arrived = await Eventually.HoldsAsync(async () =>
                await DatabaseInspection.ScalarAsync<string>(platform.DatabaseConnectionString(database),
                    "SELECT display_name FROM user_replicas WHERE user_id = @id", ("id", userId)) == displayName,
                TimeSpan.FromSeconds(30));
            Assert.True(arrived, $"{database} never showed the display name '{displayName}'");
        }
    }

    [Fact]
    public async Task Content_resolves_a_channel_slug_through_streaming_over_grpc()
    {
        var channelId = Guid.NewGuid();
        var slug = "grpc-" + Guid.NewGuid().ToString("N")[..10];
        // Channel creation belongs to a later issue; the arrange step writes Streaming's row directly.
        await DatabaseInspection.ExecuteAsync(platform.DatabaseConnectionString("streamingdb"),
            "INSERT INTO channels (id, user_id, name, slug) VALUES (@id, @owner, 'gRPC channel', @slug)",
            ("id", channelId), ("owner", Guid.NewGuid()), ("slug", slug));
        var vodId = Guid.NewGuid();
        await DatabaseInspection.ExecuteAsync(platform.DatabaseConnectionString("contentdb"),
            "INSERT INTO vods (id, stream_id, channel_id, title, processing_status, is_public) VALUES (@id, @stream, @channel, 'First VOD', 'ready', true)",
            ("id", vodId), ("stream", Guid.NewGuid()), ("channel", channelId));

        using var found = await platform.Gateway.GetAsync($"/api/channels/{slug}/vods");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var page = await found.Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(vodId, item.GetProperty("id").GetGuid());

        using var missing = await platform.Gateway.GetAsync("/api/channels/no-such-channel-here/vods");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Events_written_while_the_broker_is_down_arrive_exactly_once_after_it_returns()
    {
        const int count = 5;
        var identitydb = platform.DatabaseConnectionString("identitydb");
        await platform.CommandAsync("rabbitmq", "resource-stop");
        var ids = new List<Guid>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                using var response = await RegisterAsync(NewUsername());
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var pending = await DatabaseInspection.ScalarAsync<long>(identitydb,
                "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND (payload->>'userId')::uuid = ANY(@ids)", ("ids", ids.ToArray()));
            Assert.Equal(count, pending);
        }
        finally
        {
            await platform.CommandAsync("rabbitmq", "resource-start");
        }

        foreach (var database in ReplicaDatabases)
        {
            var connection = platform.DatabaseConnectionString(database);
            var all = await Eventually.HoldsAsync(async () =>
                await DatabaseInspection.ScalarAsync<long>(connection, "SELECT count(*) FROM user_replicas WHERE user_id = ANY(@ids)", ("ids", ids.ToArray())) == count,
                TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
            Assert.True(all, $"not every event reached {database} after the broker returned");
        }

        // Exactly once: one inbox record per event and consumer, and the relay marked each row sent.
        var outboxIds = await OutboxIdsAsync(identitydb, ids);
        Assert.Equal(count, outboxIds.Length);
        foreach (var database in ReplicaDatabases)
        {
            var processed = await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString(database),
                "SELECT count(*) FROM processed_messages WHERE message_id = ANY(@ids)", ("ids", outboxIds));
            Assert.Equal(count, processed);
        }
        var unsent = await DatabaseInspection.ScalarAsync<long>(identitydb,
            "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND id = ANY(@ids)", ("ids", outboxIds));
        Assert.Equal(0, unsent);
    }

    [Theory]
    [InlineData("{\"username\": \"abc\", ", "malformed JSON")]
    [InlineData("{\"username\": 42, \"email\": \"a@b.co\", \"password\": \"long enough password\"}", "wrong type")]
    [InlineData("{\"username\": \"someone\", \"email\": \"a@b.co\", \"password\": \"long enough password\", \"isAdmin\": true}", "unknown field")]
    [InlineData("{\"username\": \"x\", \"email\": \"not-an-email\", \"password\": \"short\"}", "invalid values")]
    public async Task Bad_input_to_a_skeleton_route_gets_a_problem_json_400(string body, string because)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await platform.Gateway.PostAsync("/api/auth/register", content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", problem);
    }

    [Theory]
    [InlineData("/api/channels/anything/vods?limit=abc")]
    [InlineData("/api/channels/anything/vods?limit=1000")]
    [InlineData("/api/channels/anything/vods?cursor=%%%")]
    [InlineData("/api/channels?cursor=!!!!!!")]
    [InlineData("/api/channels?cursor=AAAA")]
    [InlineData("/api/users/anyone/followers?cursor=!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("/api/streams/00000000-0000-0000-0000-000000000001/chat?limit=0")]
    public async Task Bad_query_values_get_a_problem_json_400(string path)
    {
        using var response = await platform.Gateway.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_duplicate_username_is_a_409_and_writes_no_second_event()
    {
        var username = NewUsername();
        using var first = await RegisterAsync(username);
        using var second = await RegisterAsync(username, email: $"other-{username}@example.com");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var events = await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("identitydb"),
            "SELECT count(*) FROM outbox_messages WHERE payload->>'username' = @u", ("u", username));
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task The_gateway_gives_every_response_a_request_id_and_keeps_the_callers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identity/info");
        request.Headers.Add("X-Request-Id", "client-chosen-id-1");
        using var response = await platform.Gateway.SendAsync(request);
        Assert.Equal("client-chosen-id-1", response.Headers.GetValues("X-Request-Id").Single());

        using var anonymous = await platform.Gateway.GetAsync("/api/identity/info");
        Assert.False(string.IsNullOrEmpty(anonymous.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_at_the_gateway()
    {
        // Sent as a careful client sends a large body: headers first, the body only after "100 Continue".
        // The gateway answers 413 from the declared length alone; without Expect, the client may still be
        // writing the 2 MB when the gateway closes the refused connection, and sees a broken pipe instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = new StringContent(new string('a', 2 * 1024 * 1024), Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await platform.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private Task<HttpResponseMessage> RegisterAsync(string username, string? email = null) =>
        platform.Gateway.PostAsJsonAsync("/api/auth/register", new
        {
            username,
            email = email ?? $"{username}@example.com",
            password = "correct horse battery staple",
        });

    private static async Task<Guid[]> OutboxIdsAsync(string identitydb, List<Guid> userIds)
    {
        var ids = new List<Guid>();
        foreach (var userId in userIds)
        {
            ids.Add(await DatabaseInspection.ScalarAsync<Guid>(identitydb,
                "SELECT id FROM outbox_messages WHERE (payload->>'userId')::uuid = @id", ("id", userId)));
        }
        return [.. ids];
    }

    private static string NewUsername() => "u_" + Guid.NewGuid().ToString("N")[..12];
}
