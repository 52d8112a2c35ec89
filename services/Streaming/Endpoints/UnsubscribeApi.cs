using System.Net;
using AeThexLive.ServiceDefaults;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Streaming.Endpoints;

/// <summary>
/// The one-click unsubscribe link of a go-live email (RFC 8058): POST turns that channel's bell off for
/// the follower the signed token names, with no sign-in, which is what a mail client's unsubscribe button
/// does. GET only shows a page asking to confirm with a button, because link scanners and previews open
/// every link in a mail and must not unsubscribe anyone by doing so.
/// </summary>
public static class UnsubscribeApi
{
    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder app)
    {
        var unsubscribe = app.MapGroup("/api/notifications/unsubscribe").WithTags("Notifications").AllowAnonymous();
        unsubscribe.MapGet("", ConfirmAsync).WithName("ConfirmUnsubscribe")
            .WithSummary("The page behind a go-live email's unsubscribe link: asks to confirm (changes nothing)");
        unsubscribe.MapPost("", UnsubscribeAsync).WithName("Unsubscribe")
            .WithSummary("One-click unsubscribe (RFC 8058): no more go-live emails from that channel; the token comes from the email");
        return app;
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> ConfirmAsync(
        string? token, UnsubscribeTokens tokens, StreamingDbContext db, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(token, out _, out var channelId)) return InvalidLink();
        var name = await ChannelNameAsync(db, channelId, cancellationToken);
        if (name is null) return ApiProblems.NotFound("channel");
        return Page($"Stop go-live emails from {name}?",
            $"""
            <p>You will still follow {WebUtility.HtmlEncode(name)} and see it go live on AeThex LIVE; only the emails stop.</p>
            <form method="post"><button type="submit">Unsubscribe</button></form>
            """);
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(
        string? token, UnsubscribeTokens tokens, StreamingDbContext db, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(token, out var userId, out var channelId)) return InvalidLink();
        var name = await ChannelNameAsync(db, channelId, cancellationToken);
        if (name is null) return ApiProblems.NotFound("channel");
        // Nothing to change for someone who has since unfollowed: the answer is the same, and so is the outcome.
        await db.Followers.Where(f => f.FollowerId == userId && f.ChannelId == channelId && f.NotificationEnabled)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.NotificationEnabled, false), cancellationToken);
        return Page("Unsubscribed",
            $"<p>You will no longer get an email when {WebUtility.HtmlEncode(name)} goes live. Turn the bell back on from the channel's page.</p>");
    }

    private static Task<string?> ChannelNameAsync(StreamingDbContext db, Guid channelId, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().Where(c => c.Id == channelId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);

    private static ProblemHttpResult InvalidLink() =>
        ApiProblems.Of(StatusCodes.Status400BadRequest, "unsubscribe-link-invalid", "This unsubscribe link is not valid.");

    private static ContentHttpResult Page(string title, string body) => TypedResults.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 560px; margin: 0 auto; padding: 24px;">
        <h1 style="font-size: 22px;">{WebUtility.HtmlEncode(title)}</h1>
        {body}
        </body>
        </html>
        """, "text/html; charset=utf-8");
}
