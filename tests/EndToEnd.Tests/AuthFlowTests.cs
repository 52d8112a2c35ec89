using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
[StopsServices]
public sealed class AuthFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task Register_login_refresh_reuse_and_logout_work_through_the_gateway()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        Assert.Equal("Bearer", account.Tokens.TokenType);
        Assert.Equal(900, account.Tokens.ExpiresIn);

        using (var me = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            var profile = await me.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(account.Username, profile.GetProperty("username").GetString());
            Assert.Equal($"{account.Username}@example.com", profile.GetProperty("email").GetString());
        }

        // Refreshing rotates: the new pair works, the old refresh token does not.
        var first = account.Tokens.RefreshToken;
        var rotated = await RefreshAsync(gateway, first);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        using (var me = await gateway.SendWithTokenAsync(HttpMethod.Get, "/api/users/me", rotated.Tokens!.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        // Presenting the used token again is theft: the whole family ends, the new token with it.
        var replay = await RefreshAsync(gateway, first);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.EndsWith("/refresh-token-reused", replay.Problem!.Value.GetProperty("type").GetString());
        var afterTheft = await RefreshAsync(gateway, rotated.Tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterTheft.Status);
        Assert.EndsWith("/invalid-refresh-token", afterTheft.Problem!.Value.GetProperty("type").GetString());

        // Logout ends a session: its refresh token stops working; another session is untouched.
        var sessionA = await Accounts.LoginAsync(gateway, account.Username);
        var sessionB = await Accounts.LoginAsync(gateway, account.Username);
        using (var anonymous = await gateway.PostAsJsonAsync("/api/auth/logout", new { refreshToken = sessionA.RefreshToken }))
        {
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        using (var someoneElse = await gateway.SendAsync(HttpMethod.Post, "/api/auth/logout", stranger, new { refreshToken = sessionA.RefreshToken }))
        {
            await Accounts.ProblemAsync(someoneElse, HttpStatusCode.NotFound);
        }
        using (var logout = await gateway.SendWithTokenAsync(HttpMethod.Post, "/api/auth/logout", sessionA.AccessToken, new { refreshToken = sessionA.RefreshToken }))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(gateway, sessionA.RefreshToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(gateway, sessionB.RefreshToken)).Status);
    }

    [Fact]
    public async Task Login_accepts_the_email_too_and_never_says_which_part_was_wrong()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        await Accounts.LoginAsync(gateway, $"{account.Username.ToUpperInvariant()}@EXAMPLE.COM");

        using var wrongPassword = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = "not the password at all" });
        using var nobody = await gateway.PostAsJsonAsync("/api/auth/login", new { login = Accounts.NewUsername(), password = "not the password at all" });
        var a = await Accounts.ProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var b = await Accounts.ProblemAsync(nobody, HttpStatusCode.Unauthorized);
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Two_factor_needs_a_fresh_code_once_enabled()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        using var setup = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/two-factor", account);
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var body = await setup.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        var uri = body.GetProperty("otpauthUri").GetString()!;
        Assert.StartsWith("otpauth://totp/", uri);
        Assert.Contains($"secret={secret}", uri);
        Assert.Contains(account.Username, uri);
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        // Codes of the previous, current and next 30-second step are all accepted (clock drift),
        // each once and in order; start early in a step so the sequence below stays within it.
        if (totp.RemainingSeconds() < 12) await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds() + 1));
        var step = DateTime.UtcNow;
        string CodeAt(int steps) => totp.ComputeTotp(step.AddSeconds(30 * steps));

        using (var wrong = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/two-factor/enable", account, new { code = WrongCode(totp) }))
        {
            await Accounts.ProblemAsync(wrong, HttpStatusCode.BadRequest);
        }
        var enableCode = CodeAt(-1);
        using (var enable = await gateway.SendAsync(HttpMethod.Post, "/api/users/me/two-factor/enable", account, new { code = enableCode }))
        {
            Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        }
        using (var settings = await gateway.SendAsync(HttpMethod.Get, "/api/users/me/settings", account))
        {
            Assert.True((await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("twoFactorEnabled").GetBoolean());
        }

        using (var noCode = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = account.Password }))
        {
            var problem = await Accounts.ProblemAsync(noCode, HttpStatusCode.Unauthorized);
            Assert.EndsWith("/two-factor-required", problem.GetProperty("type").GetString());
        }

        // The code that enabled two-factor was spent; a later one signs in, once.
        using (var replayedEnableCode = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = account.Password, code = enableCode }))
        {
            var problem = await Accounts.ProblemAsync(replayedEnableCode, HttpStatusCode.Unauthorized);
            Assert.EndsWith("/invalid-two-factor-code", problem.GetProperty("type").GetString());
        }
        var code = CodeAt(0);
        var tokens = await Accounts.LoginAsync(gateway, account.Username, account.Password, code);
        Assert.False(string.IsNullOrEmpty(tokens.AccessToken));
        using (var replayed = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = account.Password, code }))
        {
            var problem = await Accounts.ProblemAsync(replayed, HttpStatusCode.Unauthorized);
            Assert.EndsWith("/invalid-two-factor-code", problem.GetProperty("type").GetString());
        }

        // Turning it off needs a valid, unused code as well.
        using (var disableWithUsed = await gateway.SendAsync(HttpMethod.Delete, "/api/users/me/two-factor", account, new { code }))
        {
            await Accounts.ProblemAsync(disableWithUsed, HttpStatusCode.BadRequest);
        }
        using (var disable = await gateway.SendAsync(HttpMethod.Delete, "/api/users/me/two-factor", account, new { code = CodeAt(1) }))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }
        await Accounts.LoginAsync(gateway, account.Username, account.Password);
    }

    [Fact]
    public async Task Guesses_from_one_address_lock_the_account_there_while_its_owner_elsewhere_signs_in()
    {
        using var owner = platform.CreateGatewayClient();
        using var stranger = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(owner);

        for (var i = 1; i < PlatformFixture.LockoutThreshold; i++)
        {
            using var failed = await stranger.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = "a wrong password" });
            await Accounts.ProblemAsync(failed, HttpStatusCode.Unauthorized);
        }
        using var locking = await stranger.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = "a wrong password" });
        var problem = await Accounts.ProblemAsync(locking, (HttpStatusCode)423);
        var lockedUntil = problem.GetProperty("lockedUntil").GetDateTime();
        Assert.InRange(lockedUntil, DateTime.UtcNow.AddSeconds(-5), DateTime.UtcNow + PlatformFixture.LockoutDuration + TimeSpan.FromSeconds(5));
        Assert.True(locking.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Even the right password is refused from the guesser's address while it is locked…
        using (var right = await stranger.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = account.Password }))
        {
            await Accounts.ProblemAsync(right, (HttpStatusCode)423);
        }
        // …while the owner, at their own address, signs in as usual.
        await Accounts.LoginAsync(owner, account.Username, account.Password);

        await Task.Delay(lockedUntil.ToUniversalTime() - DateTime.UtcNow + TimeSpan.FromSeconds(1));
        await Accounts.LoginAsync(stranger, account.Username, account.Password);
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_address_run_dry_while_another_address_is_untouched()
    {
        using var stuffer = platform.CreateGatewayClient();
        using var elsewhere = platform.CreateGatewayClient();

        // Credential stuffing: one wrong password for each of 100 different accounts.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await stuffer.PostAsJsonAsync("/api/auth/login", new { login = $"stuffed_{Guid.NewGuid():N}"[..20], password = "hunter2 hunter2" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await Accounts.ProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.EndsWith("/rate-limited", problem.GetProperty("type").GetString());
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), PlatformFixture.SignInFailureRefill + TimeSpan.FromSeconds(1));
                break;
            }
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.InRange(statuses.Count, PlatformFixture.SignInFailureBurst, PlatformFixture.SignInFailureBurst + 3);

        // Another address signs up and in as usual.
        await Accounts.RegisterAndLoginAsync(elsewhere);

        // The budget refills by itself: one more attempt after the refill period.
        var lifted = await Eventually.ValueAsync(async () =>
        {
            using var response = await stuffer.PostAsJsonAsync("/api/auth/login", new { login = "nobody_at_all", password = "hunter2 hunter2" });
            return response.StatusCode;
        }, s => s == HttpStatusCode.Unauthorized, PlatformFixture.SignInFailureRefill * 3, TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, lifted);
    }

    [Fact]
    public async Task A_classroom_behind_one_address_signs_up_signs_in_and_refreshes_without_a_single_429()
    {
        using var school = platform.CreateGatewayClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var students = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Accounts.RegisterAndLoginAsync(school)));
        foreach (var student in students)
        {
            var (status, tokens, _) = await RefreshAsync(school, student.Tokens.RefreshToken);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.NotNull(tokens);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"the classroom took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_address_in_X_Forwarded_For_is_believed_only_from_the_trusted_proxy()
    {
        // A caller that is not the trusted proxy names a new address on every guess: the gateway
        // counts them all against the caller's real address, and the budget runs dry all the same.
        using var spoofer = platform.CreateGatewayClient(System.Net.IPAddress.Parse("127.0.0.3"));
        HttpStatusCode last = default;
        for (var i = 0; i < PlatformFixture.SignInFailureBurst + 3 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = JsonContent.Create(new { login = "nobody_at_all", password = "hunter2 hunter2" }),
            };
            request.Headers.Add("X-Forwarded-For", $"192.0.2.{i + 1}");
            using var response = await spoofer.SendAsync(request);
            last = response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    [Fact]
    public async Task Access_tokens_of_an_ended_session_are_refused_at_once()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var otherDevice = await Accounts.LoginAsync(gateway, account.Username, account.Password);
        using (var before = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Signing out ends this session's access token within a second, long before its 15 minutes are up.
        using (var logout = await gateway.SendAsync(HttpMethod.Post, "/api/auth/logout", account, new { refreshToken = account.Tokens.RefreshToken }))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = await Eventually.HoldsAsync(async () =>
        {
            using var after = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account);
            return after.StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        Assert.True(refused && clock.Elapsed < TimeSpan.FromSeconds(1), $"the ended session's token still worked after {clock.Elapsed}");
        using (var ended = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account))
        {
            var problem = await Accounts.ProblemAsync(ended, HttpStatusCode.Unauthorized);
            Assert.EndsWith("/session-ended", problem.GetProperty("type").GetString());
        }

        // The other sign-in is untouched until the user signs out everywhere.
        using (var still = await gateway.SendWithTokenAsync(HttpMethod.Get, "/api/users/me", otherDevice.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }
        var fresh = await Accounts.LoginAsync(gateway, account.Username, account.Password);
        using (var everywhere = await gateway.SendWithTokenAsync(HttpMethod.Post, "/api/auth/logout", fresh.AccessToken, new { everywhere = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        }
        foreach (var token in new[] { otherDevice.AccessToken, fresh.AccessToken })
        {
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                using var after = await gateway.SendWithTokenAsync(HttpMethod.Get, "/api/users/me", token);
                return after.StatusCode == HttpStatusCode.Unauthorized;
            }, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50)), "a token of a session ended everywhere still worked");
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(gateway, otherDevice.RefreshToken)).Status);
    }

    [Fact]
    public async Task The_discovery_document_names_the_public_origin_whatever_host_the_caller_sends()
    {
        using var gateway = platform.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await gateway.SendAsync(request);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(platform.PublicOrigin, document.GetProperty("issuer").GetString());
        Assert.Equal($"{platform.PublicOrigin}/.well-known/jwks.json", document.GetProperty("jwks_uri").GetString());
        Assert.StartsWith(platform.PublicOrigin, document.GetProperty("token_endpoint").GetString());
        Assert.DoesNotContain("evil.example", document.ToString());
    }

    [Fact]
    public async Task Tokens_stay_valid_when_identity_restarts()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        await platform.CommandAsync("identity", "resource-stop");
        await platform.App.ResourceNotifications.WaitForResourceAsync("identity",
                e => Aspire.Hosting.ApplicationModel.KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text))
            .WaitAsync(TimeSpan.FromMinutes(1));
        await platform.CommandAsync("identity", "resource-start");
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("identity").WaitAsync(TimeSpan.FromMinutes(2));

        using (var me = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
        var refreshed = await RefreshAsync(gateway, account.Tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
    }

    private static async Task<(HttpStatusCode Status, Tokens? Tokens, JsonElement? Problem)> RefreshAsync(HttpClient gateway, string refreshToken)
    {
        using var response = await gateway.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        if (response.StatusCode == HttpStatusCode.OK) return (response.StatusCode, await response.Content.ReadFromJsonAsync<Tokens>(), null);
        return (response.StatusCode, null, await Accounts.ProblemAsync(response, response.StatusCode));
    }

    private static string WrongCode(Totp totp)
    {
        var now = DateTime.UtcNow;
        var near = new[] { -30, 0, 30 }.Select(s => totp.ComputeTotp(now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("000000")).First(c => !near.Contains(c));
    }
}
