using System.Net.Mail;
using System.Text.RegularExpressions;
using AeThexLive.Contracts.Identity;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AeThexLive.Identity.Endpoints;

public sealed record RegisterRequest(string? Username, string? Email, string? Password, string? DisplayName);

public sealed record RegisteredUser(Guid Id, string Username, string? DisplayName, DateTime CreatedAt);

public static partial class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/register", RegisterAsync)
            .WithName("Register")
            .WithSummary("Create an account");
        return app;
    }

    internal static async Task<Results<Created<RegisteredUser>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request,
        IdentityDbContext db,
        IPasswordHasher<User> hasher,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var username = request.Username?.Trim().ToLowerInvariant() ?? "";
        var email = request.Email?.Trim().ToLowerInvariant() ?? "";
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim();

        errors.Check(!UsernamePattern().IsMatch(username), "username", "Username must be 3–25 characters of a–z, 0–9 and _.");
        errors.Check(email.Length is 0 or > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email,
            "email", "Email must be a valid address.");
        errors.Check(request.Password is null || request.Password.Length < 10, "password", "Password must be at least 10 characters.");
        errors.Check(request.Password is { Length: > 1024 }, "password", "Password must be at most 1024 characters.");
        errors.Check(displayName is { Length: > 50 }, "displayName", "Display name must be at most 50 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User(Guid.CreateVersion7(), username, email, displayName, now);
        user.SetPassword(hasher.HashPassword(user, request.Password!), now);
        db.Users.Add(user);
        db.AddEvent(new UserRegistered(user.Id, user.Username, user.DisplayName, now));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            var field = unique.ConstraintName == "users_email_key" ? "email" : "username";
            return TypedResults.Problem(
                title: $"That {field} is already taken.",
                statusCode: StatusCodes.Status409Conflict,
                type: "https://aethex.live/problems/already-taken",
                extensions: new Dictionary<string, object?> { ["field"] = field });
        }

        return TypedResults.Created($"/api/users/{user.Username}", new RegisteredUser(user.Id, user.Username, user.DisplayName, user.CreatedAt));
    }

    [GeneratedRegex("^[a-z0-9_]{3,25}$")]
    private static partial Regex UsernamePattern();
}
