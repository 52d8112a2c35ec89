using AeThexLive.Messaging;
using AeThexLive.Payments;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<PaymentsDbContext>("payments");
app.MapPaymentsConfigApi();
app.MapDonationsApi();
app.MapGiftsApi();
app.MapSubscriptionsApi();
app.MapRefundsApi();
app.MapPayoutsApi();
app.MapRevenueApi();
app.MapSupportHistoryApi();
app.MapStripeWebhookApi();

await app.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

public partial class Program;
