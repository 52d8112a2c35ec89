using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Endpoints;
using AeThexLive.TestSupport;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using AeThexLive.Identity.Security;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class RegistrationTests(LocalPostgres postgres)
{
    private readonly IPasswordHasher<User> _hasher = new PasswordHasher<User>();
    private readonly IOptions<AccountOptions> _options = Options.Create(new AccountOptions { InitialAdmin = "the_admin" });

    [Fact]
    public async Task Registering_writes_the_user_its_settings_and_the_UserRegistered_event_together()
    {
        var connectionString = await MigratedAsync();
        await using var db = Context(connectionString);

        var result = await AuthApi.RegisterAsync(new RegisterRequest("New_Creator", "Creator@Example.com", "a long passphrase", "Creator"), db, _hasher, _options, IdentityMail.Links(db, _options), TimeProvider.System, default);

        var created = Assert.IsType<Created<RegisteredUser>>(result.Result);
        Assert.Equal("new_creator", created.Value!.Username);
        await using var check = Context(connectionString);
        var user = await check.Users.Include(u => u.Settings).Include(u => u.Credential).SingleAsync();
        Assert.Equal("creator@example.com", user.Email);
        Assert.Equal(PrivacyLevels.Public, user.Settings.PrivacyLevel);
        Assert.Equal(PasswordVerificationResult.Success, _hasher.VerifyHashedPassword(user, user.Credential!.PasswordHash, "a long passphrase"));
        var outbox = await check.OutboxMessages.SingleAsync();
        Assert.Contains("UserRegistered", outbox.MessageType);
        Assert.Contains(user.Id.ToString(), outbox.Payload);
        Assert.Null(outbox.SentAt);
        var mail = await check.MailOutbox.SingleAsync();
        Assert.Equal(("creator@example.com", "verify-email"), (mail.Recipient, mail.Template));
        Assert.Contains($"{IdentityMail.PublicOrigin}/verify-email?token=", mail.TextBody);
        Assert.Contains($"href=\"{IdentityMail.PublicOrigin}/verify-email?token=", mail.HtmlBody);
        Assert.Null(mail.SentAt);
    }

    [Fact]
    public async Task A_taken_username_in_another_case_is_a_conflict_and_leaves_nothing_behind()
    {
        var connectionString = await MigratedAsync();
        await using (var db = Context(connectionString))
        {
            await AuthApi.RegisterAsync(new RegisterRequest("streamer", "one@example.com", "a long passphrase", null), db, _hasher, _options, IdentityMail.Links(db, _options), TimeProvider.System, default);
        }

        await using var second = Context(connectionString);
        var result = await AuthApi.RegisterAsync(new RegisterRequest("STREAMER", "two@example.com", "a long passphrase", null), second, _hasher, _options, IdentityMail.Links(second, _options), TimeProvider.System, default);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(409, problem.StatusCode);
        await using var check = Context(connectionString);
        Assert.Equal(1, await check.Users.CountAsync());
        Assert.Equal(1, await check.OutboxMessages.CountAsync());
    }

    [Theory]
    [InlineData("ab", "ok@example.com", "a long passphrase", null, "username")]
    [InlineData("has space", "ok@example.com", "a long passphrase", null, "username")]
    [InlineData("valid_name", "not an email", "a long passphrase", null, "email")]
    [InlineData("valid_name", "ok@example.com", "short", null, "password")]
    [InlineData("valid_name", "ok@example.com", "qwertyuiop", null, "password")]
    [InlineData("valid_name", "ok@example.com", "Password2024!", null, "password")]
    [InlineData("valid_name", "ok@example.com", "1234567890", null, "password")]
    [InlineData("valid_name", "ok@example.com", "aaaaaaaaaaaa", null, "password")]
    [InlineData("valid_name", "ok@example.com", "my valid_name rocks", null, "password")]
    [InlineData("valid_name", "ok@example.com", "a long passphrase", "a display name that is far longer than fifty characters in all", "displayName")]
    public async Task Invalid_registrations_name_the_field_and_write_nothing(string username, string email, string password, string? displayName, string field)
    {
        var connectionString = await MigratedAsync();
        await using var db = Context(connectionString);

        var result = await AuthApi.RegisterAsync(new RegisterRequest(username, email, password, displayName), db, _hasher, _options, IdentityMail.Links(db, _options), TimeProvider.System, default);

        var validation = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Contains(field, validation.ProblemDetails.Errors.Keys);
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task The_configured_initial_admin_is_made_admin_when_it_registers()
    {
        var connectionString = await MigratedAsync();
        await using (var db = Context(connectionString))
        {
            await AuthApi.RegisterAsync(new RegisterRequest("The_Admin", "admin@example.com", "a long passphrase", null), db, _hasher, _options, IdentityMail.Links(db, _options), TimeProvider.System, default);
            await AuthApi.RegisterAsync(new RegisterRequest("someone", "someone@example.com", "a long passphrase", null), db, _hasher, _options, IdentityMail.Links(db, _options), TimeProvider.System, default);
        }

        await using var check = Context(connectionString);
        var users = await check.Users.Include(u => u.GrantedRoles).ToDictionaryAsync(u => u.Username);
        Assert.Equal(["admin"], users["the_admin"].Roles);
        Assert.Empty(users["someone"].Roles);
    }

    private async Task<string> MigratedAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("identity");
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    private static IdentityDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<IdentityDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
