using System.Security.Claims;
using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Analytics.Endpoints;

/// <summary>Who may read a channel's analytics: its owner (from Analytics' copy of the channel) and admins.</summary>
internal static class AnalyticsAccess
{
    /// <summary>The channel now holding <paramref name="slug"/> (a slug can move: the most recently updated copy wins).</summary>
    public static Task<ChannelReplica?> FindChannelAsync(AnalyticsDbContext db, string slug, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().Where(c => c.Slug == slug).OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);

    public static bool MayRead(ClaimsPrincipal principal, Guid ownerId) =>
        principal.IsInRole(Roles.Admin) || principal.UserIdOrNull() == ownerId;

    public const string NotYours = "Only the channel's owner and admins may read its analytics.";
}
