using AeThexLive.Analytics.Data;
using AeThexLive.Messaging;

namespace AeThexLive.Analytics;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AnalyticsDbContext>("analyticsdb");
        builder.AddMessaging<AnalyticsDbContext>("analytics");
        return builder;
    }
}
