using AeThexLive.Analytics.Rollups;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.Analytics.Endpoints;

public static class AnalyticsAdminApi
{
    public static IEndpointRouteBuilder MapAnalyticsAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/analytics/rebuild", RebuildAsync).WithTags("Analytics").WithName("RebuildAnalytics")
            .WithSummary("Recompute every span, hourly, daily and total row from the raw facts (admin)")
            .RequireAuthorization(PlatformTokens.AdminPolicy);
        return app;
    }

    internal static async Task<Ok<RebuildResult>> RebuildAsync(RollupRunner rollups, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rollups.RebuildAsync(cancellationToken));
}
