using System.Security.Claims;
using AeThexLive.Contracts.Identity;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Endpoints;

public sealed record MyProfile(
    Guid Id, string Username, string Email, bool EmailVerified, string? PendingEmail, string? DisplayName, string? Bio, string? AvatarUrl, string? BannerUrl,
    bool IsCreator, bool Verified, IReadOnlyList<string> Roles, bool TwoFactorEnabled,
    int FollowerCount, int FollowingCount, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record PublicProfile(
    Guid Id, string Username, string? DisplayName, string? Bio, string? AvatarUrl, string? BannerUrl,
    bool IsCreator, bool Verified, int FollowerCount, int FollowingCount, DateTime CreatedAt,
    bool? IsFollowedByMe, bool? FollowsMe);

/// <summary>Fields left out (or null) stay as they are; an empty string clears a field.</summary>
public sealed record UpdateProfileRequest(string? DisplayName, string? Bio, string? AvatarUrl, string? BannerUrl);

internal static class ProfileRules
{
    public const int MaxDisplayName = 50;
    public const int MaxBio = 500;
    public const int MaxUrl = 255;

    public static bool IsWebUrl(string url) =>
        url.Length <= MaxUrl && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");
        users.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user's own profile").RequireAuthorization();
        users.MapPatch("/me", UpdateMeAsync).WithName("UpdateMe")
            .WithSummary("Edit display name, bio, avatar and banner (omitted fields stay, \"\" clears)").RequireAuthorization();
        users.MapGet("/{username}", GetProfileAsync).WithName("GetUser").WithSummary("A user's public profile (never the email)");
        users.MapPut("/{username}/verified", (string username, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
                SetVerifiedAsync(username, true, db, clock, ct))
            .WithName("VerifyUser").WithSummary("Mark a user verified (admins only)").RequireAuthorization(PlatformTokens.AdminPolicy);
        users.MapDelete("/{username}/verified", (string username, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
                SetVerifiedAsync(username, false, db, clock, ct))
            .WithName("UnverifyUser").WithSummary("Take a user's verified mark away (admins only)").RequireAuthorization(PlatformTokens.AdminPolicy);
        return app;
    }

    internal static async Task<Results<Ok<MyProfile>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var user = await LoadOwnAsync(db, principal.UserId(), cancellationToken);
        return user is null ? IdentityProblems.NotFound("user") : TypedResults.Ok(await ToMyProfileAsync(db, user, cancellationToken));
    }

    internal static async Task<Results<Ok<MyProfile>, ValidationProblem, ProblemHttpResult>> UpdateMeAsync(
        UpdateProfileRequest request, ClaimsPrincipal principal, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var displayName = request.DisplayName?.Trim();
        var bio = request.Bio?.Trim();
        var avatarUrl = request.AvatarUrl?.Trim();
        var bannerUrl = request.BannerUrl?.Trim();
        errors.Check(displayName is { Length: > ProfileRules.MaxDisplayName }, "displayName", $"Display name must be at most {ProfileRules.MaxDisplayName} characters.");
        errors.Check(bio is { Length: > ProfileRules.MaxBio }, "bio", $"Bio must be at most {ProfileRules.MaxBio} characters.");
        errors.Check(avatarUrl is { Length: > 0 } && !ProfileRules.IsWebUrl(avatarUrl), "avatarUrl", "Avatar URL must be an absolute http(s) URL of at most 255 characters.");
        errors.Check(bannerUrl is { Length: > 0 } && !ProfileRules.IsWebUrl(bannerUrl), "bannerUrl", "Banner URL must be an absolute http(s) URL of at most 255 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var user = await LoadOwnAsync(db, principal.UserId(), cancellationToken);
        if (user is null) return IdentityProblems.NotFound("user");

        var now = clock.GetUtcNow().UtcDateTime;
        user.UpdateProfile(displayName, bio, avatarUrl, bannerUrl, now);
        db.AddEvent(new UserProfileUpdated(user.Id, user.Username, user.DisplayName, user.AvatarUrl, user.IsCreator, user.Verified, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ToMyProfileAsync(db, user, cancellationToken));
    }

    internal static async Task<Results<Ok<PublicProfile>, ProblemHttpResult>> GetProfileAsync(
        string username, ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var name = username.ToLowerInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == name, cancellationToken);
        if (user is null) return IdentityProblems.NotFound("user");

        var (followers, following) = await FollowCountsAsync(db, user.Id, cancellationToken);
        bool? followedByMe = null, followsMe = null;
        if (principal.UserIdOrNull() is { } me && me != user.Id)
        {
            followedByMe = await db.UserFollows.AnyAsync(f => f.FollowerId == me && f.FollowingId == user.Id, cancellationToken);
            followsMe = await db.UserFollows.AnyAsync(f => f.FollowerId == user.Id && f.FollowingId == me, cancellationToken);
        }
        return TypedResults.Ok(new PublicProfile(user.Id, user.Username, user.DisplayName, user.Bio, user.AvatarUrl, user.BannerUrl,
            user.IsCreator, user.Verified, followers, following, user.CreatedAt, followedByMe, followsMe));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> SetVerifiedAsync(
        string username, bool verified, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var name = username.ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == name, cancellationToken);
        if (user is null) return IdentityProblems.NotFound("user");

        var now = clock.GetUtcNow().UtcDateTime;
        if (user.SetVerified(verified, now))
        {
            db.AddEvent(new UserProfileUpdated(user.Id, user.Username, user.DisplayName, user.AvatarUrl, user.IsCreator, user.Verified, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.NoContent();
    }

    private static Task<User?> LoadOwnAsync(IdentityDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.Include(u => u.Settings).Include(u => u.GrantedRoles).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);

    private static async Task<MyProfile> ToMyProfileAsync(IdentityDbContext db, User user, CancellationToken cancellationToken)
    {
        var (followers, following) = await FollowCountsAsync(db, user.Id, cancellationToken);
        return new MyProfile(user.Id, user.Username, user.Email, user.EmailVerified, user.PendingEmail, user.DisplayName, user.Bio, user.AvatarUrl, user.BannerUrl,
            user.IsCreator, user.Verified, user.Roles, user.Settings.TwoFactorEnabled, followers, following, user.CreatedAt, user.UpdatedAt);
    }

    /// <summary>Counted from the follow rows themselves, so they always agree with the lists.</summary>
    internal static async Task<(int Followers, int Following)> FollowCountsAsync(IdentityDbContext db, Guid userId, CancellationToken cancellationToken) =>
        (await db.UserFollows.CountAsync(f => f.FollowingId == userId, cancellationToken),
         await db.UserFollows.CountAsync(f => f.FollowerId == userId, cancellationToken));
}
