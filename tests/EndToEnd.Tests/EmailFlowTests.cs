using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.TestSupport;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// Verification and password reset through the gateway, with the mail read from the real mail
/// server (smtp4dev, started by the AppHost) the way a user would find it in an inbox.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EmailFlowTests(PlatformFixture platform)
{
    [Fact]
    public async Task Sign_up_mails_a_verification_link_on_the_public_origin_that_verifies_the_address_once()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var address = $"{account.Username}@example.com";
        Assert.False((await MeAsync(gateway, account)).GetProperty("emailVerified").GetBoolean());

        var mail = Assert.Single(await platform.Mail.WaitForAsync(address));
        Assert.Contains("Confirm your email", mail.Subject);
        var link = await platform.Mail.LinkAsync(mail, $"{platform.PublicOrigin}/verify-email?token=");
        Assert.Contains(link.ToString(), await platform.Mail.HtmlAsync(mail));
        var token = MailInbox.Query(link, "token");

        // The link works without signing in (it may be opened on another device).
        using (var verified = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        }
        var me = await MeAsync(gateway, account);
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(address, me.GetProperty("email").GetString());

        using (var again = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token }))
        {
            var problem = await Accounts.ProblemAsync(again, HttpStatusCode.BadRequest);
            Assert.EndsWith("/verification-link-used", problem.GetProperty("type").GetString());
        }
        using (var resend = await gateway.SendAsync(HttpMethod.Post, "/api/auth/verify-email/resend", account))
        {
            await Accounts.ProblemAsync(resend, HttpStatusCode.Conflict);
        }
        using (var garbage = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token = "not-a-token" }))
        {
            var problem = await Accounts.ProblemAsync(garbage, HttpStatusCode.BadRequest);
            Assert.EndsWith("/verification-link-invalid", problem.GetProperty("type").GetString());
        }
        using (var missing = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { }))
        {
            var problem = await Accounts.ProblemAsync(missing, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
        }
    }

    [Fact]
    public async Task Re_sending_the_verification_mail_is_limited_and_needs_a_sign_in()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        // The sign-up mail went out a moment ago: another one now is refused, with when to try again.
        using (var tooSoon = await gateway.SendAsync(HttpMethod.Post, "/api/auth/verify-email/resend", account))
        {
            var problem = await Accounts.ProblemAsync(tooSoon, (HttpStatusCode)429);
            Assert.True(tooSoon.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() > 0);
        }
        using (var anonymous = await gateway.PostAsync("/api/auth/verify-email/resend", null))
        {
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }
        await platform.Mail.WaitForAsync($"{account.Username}@example.com");

        // Past the limit a second mail goes out; both links work until one is followed.
        await Task.Delay(TimeSpan.FromSeconds(PlatformFixture.VerificationResendSeconds));
        using (var resent = await gateway.SendAsync(HttpMethod.Post, "/api/auth/verify-email/resend", account))
        {
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        }
        var mails = await platform.Mail.WaitForAsync($"{account.Username}@example.com", count: 2);
        Assert.Equal(2, mails.Count);
    }

    [Fact]
    public async Task A_new_address_takes_over_only_when_the_link_mailed_to_it_is_followed()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var old = $"{account.Username}@example.com";
        var fresh = $"{account.Username}.new@example.org";
        await platform.Mail.WaitForAsync(old);

        using (var anonymous = await gateway.PutAsJsonAsync("/api/users/me/email", new { email = fresh }))
        {
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }
        using (var invalid = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/email", account, new { email = "not an address" }))
        {
            var problem = await Accounts.ProblemAsync(invalid, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        }
        var other = await Accounts.RegisterAndLoginAsync(gateway);
        using (var taken = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/email", account, new { email = $"{other.Username}@example.com" }))
        {
            await Accounts.ProblemAsync(taken, HttpStatusCode.Conflict);
        }

        // The limit counts the sign-up mail; past it, the change is accepted.
        await Task.Delay(TimeSpan.FromSeconds(PlatformFixture.VerificationResendSeconds + 0.5));
        using (var change = await gateway.SendAsync(HttpMethod.Put, "/api/users/me/email", account, new { email = fresh }))
        {
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        }
        var pending = await MeAsync(gateway, account);
        Assert.Equal(old, pending.GetProperty("email").GetString());
        Assert.Equal(fresh, pending.GetProperty("pendingEmail").GetString());
        // Until then the old address still signs in.
        await Accounts.LoginAsync(gateway, old);

        var mail = Assert.Single(await platform.Mail.WaitForAsync(fresh));
        var token = MailInbox.Query(await platform.Mail.LinkAsync(mail, $"{platform.PublicOrigin}/verify-email?token="), "token");
        using (var verified = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        }
        var me = await MeAsync(gateway, account);
        Assert.Equal(fresh, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("pendingEmail").ValueKind);
        await Accounts.LoginAsync(gateway, fresh);
    }

    [Fact]
    public async Task Forgot_then_reset_signs_in_with_the_new_password_and_ends_every_old_session()
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var address = $"{account.Username}@example.com";
        await platform.Mail.WaitForAsync(address);
        var otherSession = await Accounts.LoginAsync(gateway, account.Username);

        using (var forgot = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { login = account.Username }))
        {
            Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        }
        var mail = (await platform.Mail.WaitForAsync(address, count: 2)).Last();
        Assert.Contains("Reset your", mail.Subject);
        var token = MailInbox.Query(await platform.Mail.LinkAsync(mail, $"{platform.PublicOrigin}/reset-password?token="), "token");

        // A password the policy refuses leaves the link working.
        using (var weak = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "password1" }))
        {
            var problem = await Accounts.ProblemAsync(weak, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("newPassword", out _));
        }
        const string newPassword = "a brand new passphrase";
        using (var reset = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        await Accounts.LoginAsync(gateway, account.Username, newPassword);
        using (var oldPassword = await gateway.PostAsJsonAsync("/api/auth/login", new { login = account.Username, password = Accounts.Password }))
        {
            await Accounts.ProblemAsync(oldPassword, HttpStatusCode.Unauthorized);
        }
        foreach (var refreshToken in new[] { account.Tokens.RefreshToken, otherSession.RefreshToken })
        {
            using var refresh = await gateway.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
            await Accounts.ProblemAsync(refresh, HttpStatusCode.Unauthorized);
        }
        using (var oldAccess = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldAccess.StatusCode);
        }
        using (var reused = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "yet another passphrase" }))
        {
            var problem = await Accounts.ProblemAsync(reused, HttpStatusCode.BadRequest);
            Assert.EndsWith("/reset-link-used", problem.GetProperty("type").GetString());
        }
        await Accounts.LoginAsync(gateway, account.Username, newPassword);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_login_answers_the_same_202_and_mails_nobody()
    {
        using var gateway = platform.CreateGatewayClient();
        var nobody = Accounts.NewUsername("ghost");
        var before = (await platform.Mail.AllAsync()).Count;

        using var unknownName = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { login = nobody });
        using var unknownAddress = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { login = $"{nobody}@example.com" });
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        using var known = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { login = account.Username });

        foreach (var response in new[] { unknownName, unknownAddress, known })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }
        await platform.Mail.WaitForAsync($"{account.Username}@example.com", count: 2);
        Assert.Empty(await platform.Mail.ToAsync($"{nobody}@example.com"));
        Assert.DoesNotContain(await platform.Mail.AllAsync(), m => m.To.Any(to => to.Contains(nobody, StringComparison.OrdinalIgnoreCase)));

        using var missing = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { });
        var problem = await Accounts.ProblemAsync(missing, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("login", out _));
        Assert.True((await platform.Mail.AllAsync()).Count >= before + 2);
    }

    [Fact]
    public async Task A_reset_token_that_is_unknown_or_missing_is_refused_with_a_problem()
    {
        using var gateway = platform.CreateGatewayClient();
        using (var unknown = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token = "nope", newPassword = "a brand new passphrase" }))
        {
            var problem = await Accounts.ProblemAsync(unknown, HttpStatusCode.BadRequest);
            Assert.EndsWith("/reset-link-invalid", problem.GetProperty("type").GetString());
        }
        using (var missing = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { newPassword = "a brand new passphrase" }))
        {
            var problem = await Accounts.ProblemAsync(missing, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
        }
    }

    private static async Task<JsonElement> MeAsync(HttpClient gateway, Account account)
    {
        using var response = await gateway.SendAsync(HttpMethod.Get, "/api/users/me", account);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
