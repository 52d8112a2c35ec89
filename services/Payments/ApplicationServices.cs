using AeThexLive.Messaging;
using AeThexLive.Payments.Data;

namespace AeThexLive.Payments;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>("paymentsdb");
        builder.AddMessaging<PaymentsDbContext>("payments");
        return builder;
    }
}
