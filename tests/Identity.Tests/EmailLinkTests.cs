using System.Text.RegularExpressions;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Endpoints;
using AeThexLive.Identity.Security;
using AeThexLive.TestSupport;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Tests;

/// <summary>Verification and reset links against a real identitydb, with a clock the tests move.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class EmailLinkTests(LocalPostgres postgres, LocalRedis redis) : IClassFixture<LocalRedis>
{
    [Fact]
    public async Task A_verification_link_older_than_24_hours_is_refused_and_verifies_nothing()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("late_reader");
        var token = await MailTokenAsync(database, db => Links(db, database).SendVerification(user, user.Email));

        database.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await using var db = database.Context();
        var result = await EmailVerificationApi.VerifyAsync(new VerifyEmailRequest(token), db, Links(db, database), database.Clock, default);

        Assert.EndsWith("/verification-link-expired", Assert.IsType<ProblemHttpResult>(result.Result).ProblemDetails.Type);
        await using var check = database.Context();
        Assert.False((await check.Users.SingleAsync()).EmailVerified);
    }

    [Fact]
    public async Task A_link_to_an_address_replaced_since_it_was_sent_does_not_change_the_address()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("mover");
        await using (var db = database.Context())
        {
            var tracked = await db.Users.SingleAsync();
            tracked.RequestEmailChange("first@example.org", database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        var first = await MailTokenAsync(database, db => Links(db, database).SendVerification(user, "first@example.org"));
        await using (var db = database.Context())
        {
            var tracked = await db.Users.SingleAsync();
            tracked.RequestEmailChange("second@example.org", database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using var verify = database.Context();
        var result = await EmailVerificationApi.VerifyAsync(new VerifyEmailRequest(first), verify, Links(verify, database), database.Clock, default);

        Assert.EndsWith("/verification-link-superseded", Assert.IsType<ProblemHttpResult>(result.Result).ProblemDetails.Type);
        await using var check = database.Context();
        var stored = await check.Users.SingleAsync();
        Assert.Equal(("mover@example.com", "second@example.org"), (stored.Email, stored.PendingEmail));
    }

    [Fact]
    public async Task A_new_address_replaces_the_old_one_only_when_its_link_is_followed()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("relocating");
        var token = await ChangeAddressAsync(database, "relocating", "relocated@example.org");

        await using var db = database.Context();
        var result = await EmailVerificationApi.VerifyAsync(new VerifyEmailRequest(token), db, Links(db, database), database.Clock, default);

        var status = Assert.IsType<Ok<EmailStatus>>(result.Result).Value!;
        Assert.Equal(new EmailStatus("relocated@example.org", true, null), status);
        await using var check = database.Context();
        var stored = await check.Users.SingleAsync(u => u.Id == user.Id);
        Assert.Equal(("relocated@example.org", (string?)null, true), (stored.Email, stored.PendingEmail, stored.EmailVerified));
    }

    [Fact]
    public async Task An_address_another_account_confirmed_first_is_a_conflict_and_the_old_address_stays()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        await database.AddUserAsync("quick");
        var slow = await database.AddUserAsync("slow");
        var quickToken = await ChangeAddressAsync(database, "quick", "wanted@example.org");
        var slowToken = await ChangeAddressAsync(database, "slow", "wanted@example.org");

        await using (var db = database.Context())
        {
            Assert.IsType<Ok<EmailStatus>>((await EmailVerificationApi.VerifyAsync(new VerifyEmailRequest(quickToken), db, Links(db, database), database.Clock, default)).Result);
        }
        await using var late = database.Context();
        var result = await EmailVerificationApi.VerifyAsync(new VerifyEmailRequest(slowToken), late, Links(late, database), database.Clock, default);

        Assert.Equal(409, Assert.IsType<ProblemHttpResult>(result.Result).StatusCode);
        await using var check = database.Context();
        var stored = await check.Users.SingleAsync(u => u.Id == slow.Id);
        Assert.Equal("slow@example.com", stored.Email);
        Assert.Null((await check.EmailTokens.SingleAsync(t => t.UserId == slow.Id)).UsedAt);
    }

    [Fact]
    public async Task A_reset_link_older_than_an_hour_is_refused_and_the_password_stays()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("forgetful");
        var token = await MailTokenAsync(database, db => Links(db, database).SendReset(user));

        database.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var result = await ResetAsync(database, token, "a brand new passphrase");

        Assert.EndsWith("/reset-link-expired", Assert.IsType<ProblemHttpResult>(result.Result).ProblemDetails.Type);
        await using var check = database.Context();
        var credential = await check.UserCredentials.SingleAsync();
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<User>().VerifyHashedPassword(user, credential.PasswordHash, "a long passphrase"));
    }

    [Fact]
    public async Task Using_one_reset_link_kills_every_other_one_mailed_before_it()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("twice_asked");
        var older = await MailTokenAsync(database, db => Links(db, database).SendReset(user));
        database.Clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await MailTokenAsync(database, db => Links(db, database).SendReset(user));

        Assert.IsType<NoContent>((await ResetAsync(database, newer, "a brand new passphrase")).Result);
        var stale = await ResetAsync(database, older, "yet another passphrase");

        Assert.EndsWith("/reset-link-used", Assert.IsType<ProblemHttpResult>(stale.Result).ProblemDetails.Type);
        await using var check = database.Context();
        Assert.True((await check.Users.SingleAsync()).EmailVerified, "following a reset link proves the address too");
    }

    [Fact]
    public async Task Asking_for_a_reset_again_within_the_limit_sends_no_second_mail_and_still_answers_202()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        await database.AddUserAsync("impatient");

        for (var i = 0; i < 3; i++)
        {
            await using var db = database.Context();
            var result = await PasswordResetApi.ForgotAsync(new ForgotPasswordRequest("Impatient"), db, Links(db, database), default);
            Assert.IsType<Accepted>(result.Result);
        }

        await using var check = database.Context();
        Assert.Equal(1, await check.MailOutbox.CountAsync(m => m.Template == "reset-password"));
        Assert.Equal(1, await check.EmailTokens.CountAsync(t => t.Purpose == EmailTokenPurposes.ResetPassword));
    }

    private async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetAsync(IdentityDatabase database, string token, string newPassword)
    {
        await using var db = database.Context();
        return await PasswordResetApi.ResetAsync(new ResetPasswordRequest(token, newPassword), db, Links(db, database), new PasswordHasher<User>(),
            new RefreshTokenStore(db, database.Options, database.Clock, redis.Connection), database.Clock, default);
    }

    private static async Task<string> ChangeAddressAsync(IdentityDatabase database, string username, string address)
    {
        User user;
        await using (var db = database.Context())
        {
            user = await db.Users.SingleAsync(u => u.Username == username);
            user.RequestEmailChange(address, database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        return await MailTokenAsync(database, db => Links(db, database).SendVerification(user, address));
    }

    private static EmailLinks Links(IdentityDbContext db, IdentityDatabase database) => IdentityMail.Links(db, database.Options, database.Clock);

    /// <summary>Queues a mail and reads its token back from the text of the row, as the recipient would from the message.</summary>
    private static async Task<string> MailTokenAsync(IdentityDatabase database, Action<IdentityDbContext> send)
    {
        await using (var db = database.Context())
        {
            send(db);
            await db.SaveChangesAsync();
        }
        await using var check = database.Context();
        var newest = await check.MailOutbox.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).FirstAsync();
        return TokenInLink().Match(newest.TextBody).Groups[1].Value;
    }

    [GeneratedRegex(@"\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex TokenInLink();
}
