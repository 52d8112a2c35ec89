using AeThexLive.Messaging;
using AeThexLive.Payments;
using AeThexLive.Payments.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapServiceInfo<PaymentsDbContext>("payments");

await app.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

public partial class Program;
