using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Rooms;
using AeThexLive.Messaging;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Endpoints;

/// <summary>PUT replaces every rule: slow mode seconds (0 = off), followers-only minutes (null = off), emote-only, blocked terms.</summary>
public sealed record ChatSettingsRequest(int? SlowModeSeconds, int? FollowersOnlyMinutes, bool? EmoteOnly, string[]? BlockedTerms);

public sealed record ChatSettingsView(int SlowModeSeconds, int? FollowersOnlyMinutes, bool EmoteOnly, IReadOnlyList<string>? BlockedTerms, DateTime? UpdatedAt);

public static class ChatSettingsApi
{
    public const int MaxSlowModeSeconds = 120;
    public const int MaxFollowersOnlyMinutes = 90 * 24 * 60;

    public static IEndpointRouteBuilder MapChatSettingsApi(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/channels/{slug}/chat-settings").WithTags("Moderation");
        settings.MapGet("/", GetAsync).WithName("GetChatSettings").WithSummary("The chat's rules (blocked terms only for its moderators)");
        settings.MapPut("/", PutAsync).WithName("PutChatSettings").WithSummary("Set slow mode, followers-only, emote-only and blocked terms (owner, moderators)")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<ChatSettingsView>, ProblemHttpResult>> GetAsync(
        string slug, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, CancellationToken cancellationToken)
    {
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        var settings = await db.ChatSettings.AsNoTracking().SingleOrDefaultAsync(s => s.ChannelId == channel.ChannelId, cancellationToken);
        // Publishing the blocked list would teach people how to get around it.
        var moderator = principal.UserIdOrNull() is not null && await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken);
        return TypedResults.Ok(settings is null
            ? new ChatSettingsView(0, null, false, moderator ? [] : null, null)
            : new ChatSettingsView(settings.SlowModeSeconds, settings.FollowersOnlyMinutes, settings.EmoteOnly, moderator ? settings.BlockedTerms : null, settings.UpdatedAt));
    }

    internal static async Task<Results<Ok<ChatSettingsView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string slug, ChatSettingsRequest request, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(request.SlowModeSeconds is not (>= 0 and <= MaxSlowModeSeconds), "slowModeSeconds", $"slowModeSeconds is 0 (off) to {MaxSlowModeSeconds}.");
        errors.Check(request.FollowersOnlyMinutes is < 0 or > MaxFollowersOnlyMinutes, "followersOnlyMinutes", $"followersOnlyMinutes is null (off) or 0–{MaxFollowersOnlyMinutes}.");
        errors.Check(request.EmoteOnly is null, "emoteOnly", "emoteOnly (true or false) is required.");
        var terms = request.BlockedTerms ?? [];
        errors.Check(terms.Length > 200, "blockedTerms", "At most 200 blocked terms.");
        errors.Check(terms.Any(t => string.IsNullOrWhiteSpace(t) || t.Trim().Length > 50), "blockedTerms", "Each blocked term is 1–50 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's owner and moderators set its chat rules.");

        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            var settings = await db.ChatSettings.SingleOrDefaultAsync(s => s.ChannelId == channel.ChannelId, cancellationToken);
            if (settings is null) db.ChatSettings.Add(settings = new ChatSettings(channel.ChannelId, now));
            settings.Update(request.SlowModeSeconds!.Value, request.FollowersOnlyMinutes, request.EmoteOnly!.Value, terms, now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(new ChatSettingsView(settings.SlowModeSeconds, settings.FollowersOnlyMinutes, settings.EmoteOnly, settings.BlockedTerms, settings.UpdatedAt));
            }
            catch (DbUpdateException ex) when (attempt == 1 && ex.IsUniqueViolation("chat_settings"))
            {
                // Another request created the channel's rules a moment ago: these apply over them.
                db.ChangeTracker.Clear();
            }
        }
    }
}
