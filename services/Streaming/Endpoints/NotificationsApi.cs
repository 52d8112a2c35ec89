using System.Globalization;
using System.Security.Claims;
using AeThexLive.ServiceDefaults;
using AeThexLive.Streaming.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Streaming.Endpoints;

public sealed record NotificationView(
    Guid Id, string Kind, Guid ChannelId, string ChannelSlug, string ChannelName, Guid StreamId, string Title, DateTime CreatedAt, bool Read);

/// <summary>A page of the signed-in user's notifications, newest first, and how many of all of them are unread.</summary>
public sealed record NotificationList(IReadOnlyList<NotificationView> Items, string? NextCursor, int UnreadCount);

/// <summary><c>upTo</c>: a notification's id (it and everything older) or an ISO 8601 time (everything up to then).</summary>
public sealed record MarkNotificationsReadRequest(string? UpTo);

public sealed record NotificationsRead(int Marked, int UnreadCount);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/users/me/notifications").WithTags("Notifications").RequireAuthorization();
        mine.MapGet("", ListAsync).WithName("ListNotifications")
            .WithSummary("The signed-in user's notifications (channels they follow going live), newest first, with the unread count");
        mine.MapPost("/read", MarkReadAsync).WithName("MarkNotificationsRead")
            .WithSummary("Mark read every notification up to a notification (by id) or a time");
        return app;
    }

    internal static async Task<Results<Ok<NotificationList>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, ClaimsPrincipal principal, StreamingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var me = principal.UserId();
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == me);
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            mine = mine.Where(n => EF.Functions.LessThan(ValueTuple.Create(n.CreatedAt, n.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(page.Limit + 1)
            .Select(n => new NotificationView(n.Id, n.Kind, n.ChannelId, n.ChannelSlug, n.ChannelName, n.StreamId, n.Title, n.CreatedAt,
                n.ReadAt != null))
            .ToListAsync(cancellationToken);
        var unread = await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null, cancellationToken);
        var result = page.ToPage(rows, n => (n.CreatedAt, n.Id));
        return TypedResults.Ok(new NotificationList(result.Items, result.NextCursor, unread));
    }

    internal static async Task<Results<Ok<NotificationsRead>, ValidationProblem, ProblemHttpResult>> MarkReadAsync(
        MarkNotificationsReadRequest request, ClaimsPrincipal principal, StreamingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Guid? upToId = null;
        DateTime? upToTime = null;
        if (string.IsNullOrWhiteSpace(request.UpTo)) errors.Add("upTo", "upTo (a notification id or an ISO 8601 time) is required.");
        else if (Guid.TryParse(request.UpTo, out var id)) upToId = id;
        else if (DateTimeOffset.TryParse(request.UpTo, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && request.UpTo.Length <= 40)
        {
            upToTime = time.UtcDateTime;
        }
        else errors.Add("upTo", "upTo must be a notification id or an ISO 8601 time.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var me = principal.UserId();
        var unread = db.Notifications.Where(n => n.UserId == me && n.ReadAt == null);
        if (upToId is { } notificationId)
        {
            // Another user's notification is as unknown here as one that never existed.
            var anchor = await db.Notifications.AsNoTracking().Where(n => n.Id == notificationId && n.UserId == me)
                .Select(n => new { n.CreatedAt, n.Id }).SingleOrDefaultAsync(cancellationToken);
            if (anchor is null) return ApiProblems.NotFound("notification");
            unread = unread.Where(n => EF.Functions.LessThanOrEqual(ValueTuple.Create(n.CreatedAt, n.Id), ValueTuple.Create(anchor.CreatedAt, anchor.Id)));
        }
        else
        {
            var until = upToTime!.Value;
            unread = unread.Where(n => n.CreatedAt <= until);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await unread.ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        var left = await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null, cancellationToken);
        return TypedResults.Ok(new NotificationsRead(marked, left));
    }
}
