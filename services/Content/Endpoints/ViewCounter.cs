using AeThexLive.Content.Data;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using System.Security.Claims;

namespace AeThexLive.Content.Endpoints;

public sealed record ViewRequest(string? ViewerId);

/// <summary>
/// Counts a viewer once a day (UTC) for a VOD or a clip. The day's record and the counter move in
/// one statement: the insert that finds the record already there adds nothing, and the counter's
/// row lock serialises concurrent adds, so views stays exact however many arrive at once.
/// </summary>
internal static class ViewCounter
{
    /// <summary>A signed-in viewer counts as themselves; anyone else by the viewerId their player made up (1–64 of A–Z a–z 0–9 - _ .).</summary>
    public static string? ViewerKey(ClaimsPrincipal principal, ViewRequest? request, FieldErrors errors)
    {
        if (principal.UserIdOrNull() is { } userId) return $"u:{userId:N}";
        var viewerId = request?.ViewerId?.Trim() ?? "";
        var valid = errors.Check(viewerId.Length is 0 or > 64 || !viewerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            "viewerId", "viewerId is 1–64 characters of letters, digits, '-', '_' and '.'.");
        return valid ? $"a:{viewerId}" : null;
    }

    public static async Task<int> CountVodAsync(ContentDbContext db, Guid vodId, string viewerKey, DateOnly day, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<int>($"""
            WITH fresh AS (
                INSERT INTO media_views (subject_id, viewer_key, day) VALUES ({vodId}, {viewerKey}, {day})
                ON CONFLICT DO NOTHING RETURNING 1)
            UPDATE vods SET views = views + (SELECT count(*) FROM fresh) WHERE id = {vodId} RETURNING views AS "Value"
            """).ToListAsync(cancellationToken)).SingleOrDefault();

    public static async Task<int> CountClipAsync(ContentDbContext db, Guid clipId, string viewerKey, DateOnly day, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<int>($"""
            WITH fresh AS (
                INSERT INTO media_views (subject_id, viewer_key, day) VALUES ({clipId}, {viewerKey}, {day})
                ON CONFLICT DO NOTHING RETURNING 1)
            UPDATE clips SET views = views + (SELECT count(*) FROM fresh) WHERE id = {clipId} RETURNING views AS "Value"
            """).ToListAsync(cancellationToken)).SingleOrDefault();
}
