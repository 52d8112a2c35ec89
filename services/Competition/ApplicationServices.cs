using AeThexLive.Competition.Data;
using AeThexLive.Messaging;

namespace AeThexLive.Competition;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CompetitionDbContext>("competitiondb");
        builder.AddMessaging<CompetitionDbContext>("competition");
        return builder;
    }
}
