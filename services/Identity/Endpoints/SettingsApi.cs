using System.Security.Claims;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Endpoints;

public sealed record SettingsResponse(bool EmailNotifications, string PrivacyLevel, bool TwoFactorEnabled, DateTime UpdatedAt);

/// <summary>Both fields are required: PUT replaces the settings a user can change (two-factor has its own routes).</summary>
public sealed record UpdateSettingsRequest(bool? EmailNotifications, string? PrivacyLevel);

public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/users/me/settings").WithTags("Settings").RequireAuthorization();
        settings.MapGet("/", GetAsync).WithName("GetSettings").WithSummary("The signed-in user's settings");
        settings.MapPut("/", UpdateAsync).WithName("UpdateSettings")
            .WithSummary("Set email notifications and who sees follower lists (public, private, friends)");
        return app;
    }

    internal static async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var settings = await db.UserSettings.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        return settings is null ? IdentityProblems.NotFound("user") : TypedResults.Ok(ToResponse(settings));
    }

    internal static async Task<Results<Ok<SettingsResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateSettingsRequest request, ClaimsPrincipal principal, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(request.EmailNotifications is null, "emailNotifications", "emailNotifications (true or false) is required.");
        errors.Check(!PrivacyLevels.IsKnown(request.PrivacyLevel), "privacyLevel", "privacyLevel must be public, private or friends.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var userId = principal.UserId();
        var settings = await db.UserSettings.SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (settings is null) return IdentityProblems.NotFound("user");
        settings.Update(request.EmailNotifications!.Value, request.PrivacyLevel!, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(settings));
    }

    private static SettingsResponse ToResponse(UserSettings s) => new(s.EmailNotifications, s.PrivacyLevel, s.TwoFactorEnabled, s.UpdatedAt);
}
