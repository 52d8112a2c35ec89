using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
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
    public async Task An_account_locks_at_the_threshold_says_until_when_and_unlocks_afterwards()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        for (var i = 1; i < PlatformFixture.LockoutThreshold; i++)
        {
            using var failed = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = "a wrong password" });
            await Accounts.ProblemAsync(failed, HttpStatusCode.Unauthorized);
        }
        using var locking = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = "a wrong password" });
        var problem = await Accounts.ProblemAsync(locking, (HttpStatusCode)423);
        var lockedUntil = problem.GetProperty("lockedUntil").GetDateTime();
        Assert.InRange(lockedUntil, DateTime.UtcNow.AddSeconds(-5), DateTime.UtcNow + PlatformFixture.LockoutDuration + TimeSpan.FromSeconds(5));
        Assert.True(locking.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Even the right password is refused while locked.
        using (var right = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = account.Password }))
        {
            await Accounts.ProblemAsync(right, (HttpStatusCode)423);
        }

        await Task.Delay(lockedUntil.ToUniversalTime() - DateTime.UtcNow + TimeSpan.FromSeconds(1));
        await Accounts.LoginAsync(gateway, account.Username, account.Password);
    }

    [Fact]
    public async Task Sign_in_requests_from_one_address_are_limited_and_the_limit_lifts()
    {
        using var limited = platform.CreateGatewayClient();
        using var elsewhere = platform.CreateGatewayClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= PlatformFixture.AuthRateLimit; i++)
        {
            using var response = await limited.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-real-token" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await Accounts.ProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.EndsWith("/rate-limited", problem.GetProperty("type").GetString());
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }
        Assert.All(statuses.Take(PlatformFixture.AuthRateLimit), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        // Other addresses, and other routes from the same address, are not affected.
        using (var other = await elsewhere.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-real-token" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }
        using (var health = await limited.GetAsync("/api/identity/info"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var lifted = await Eventually.ValueAsync(async () =>
        {
            using var response = await limited.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-real-token" });
            return response.StatusCode;
        }, s => s == HttpStatusCode.Unauthorized, PlatformFixture.AuthRateWindow + TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, lifted);
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
