using AeThexLive.Contracts.Grpc.Streaming;
using AeThexLive.Messaging;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Consumers;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Payouts;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Subscriptions;
using AeThexLive.Payments.Webhooks;
using AeThexLive.Payments.Workers;
using AeThexLive.ServiceDefaults;
using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>("paymentsdb");
        // Payments' events are few and each is a moment someone watches for (the on-stream alert of a donation, gift
        // or subscription): its relay publishes as soon as a payment commits rather than gathering a quarter of a
        // second's events as Chat's does. Outbox:MinimumGap in configuration still overrides this.
        builder.Services.Configure<OutboxOptions>(options => options.MinimumGap = TimeSpan.Zero);
        builder.AddMessaging<PaymentsDbContext>("payments", bus =>
        {
            bus.AddConsumer<ChannelCreatedConsumer>();
            bus.AddConsumer<ChannelUpdatedConsumer>();
            bus.AddConsumer<StreamStartedConsumer>();
            bus.AddConsumer<UserBannedConsumer>();
            bus.AddConsumer<UserUnbannedConsumer>();
        });

        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section)
            .PostConfigure(o => o.ApplyDefaults(PlatformTokens.PublicOrigin(builder.Configuration) ?? "http://localhost:8080"))
            .Validate(o => o.Donations.MinimumCents >= 50 && o.Donations.MaximumCents >= o.Donations.MinimumCents
                    && o.Donations.MaxMessageLength > 0,
                "Payments:Donations limits are inconsistent (the minimum is at least 50 cents, Stripe's).")
            .Validate(o => o.Gifts.Catalogue.Values.All(p => p >= 50) && o.Gifts.MaxQuantity > 0, "Payments:Gifts prices are at least 50 cents.")
            .Validate(o => new[] { o.Shares.DonationBasisPoints, o.Shares.GiftBasisPoints, o.Shares.SubscriptionBasisPoints }
                .All(s => s is >= 0 and <= 10_000), "Payments:Shares are basis points, 0–10000.")
            .Validate(o => o.Ledger.PayableHold >= TimeSpan.Zero && o.Ledger.ReleaseInterval > TimeSpan.Zero
                && o.Reconciler.Interval > TimeSpan.Zero && o.GiftedSubscriptions.Interval > TimeSpan.Zero
                && o.Reconciler.Lookback > TimeSpan.Zero, "Payments intervals must be positive.")
            .Validate(o => o.Ledger.HoldByKind.Values.All(h => h >= TimeSpan.Zero) && o.Payouts.MinimumCents >= 1
                && Uri.TryCreate(o.Payouts.ReturnUrl, UriKind.Absolute, out _), "Payments:Payouts needs a positive minimum and an absolute ReturnUrl.")
            .ValidateOnStart();
        builder.AddStripe();

        // "_grpc.streaming": service discovery resolves the endpoint named grpc of the resource streaming.
        builder.Services.AddGrpcClient<ChannelDirectory.ChannelDirectoryClient>(o => o.Address = new Uri("http://_grpc.streaming"));
        builder.Services.AddScoped<StreamAudience>();
        builder.Services.AddScoped<PurchaseCheckout>();
        builder.Services.AddScoped<PaymentBooking>();
        builder.Services.AddScoped<SubscriptionCheckout>();
        builder.Services.AddScoped<SubscriptionEvents>();
        builder.Services.AddScoped<GiftedSubscriptions>();
        builder.Services.AddScoped<PaymentReversals>();
        builder.Services.AddScoped<ReversalEvents>();
        builder.Services.AddScoped<PayoutEvents>();
        builder.Services.AddScoped<PayoutRun>();
        builder.Services.AddScoped<StripeEventProcessor>();
        builder.Services.AddScoped<PayableRelease>();
        builder.Services.AddHostedService<PayableReleaseWorker>();
        builder.Services.AddHostedService<StripeEventReconciler>();
        builder.Services.AddHostedService<GiftedSubscriptionWorker>();
        builder.Services.AddHostedService<MonthlyPayoutWorker>();
        return builder;
    }

    /// <summary>
    /// Stripe.net pointed at Stripe or the sandbox (Stripe:ApiBase), on an HttpClient of its own: the platform's
    /// default resilience handler would retry POSTs on top of Stripe.net's own (idempotent) retries.
    /// </summary>
    private static void AddStripe(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeSettings>().BindConfiguration(StripeSettings.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StripeSettings>, StripeSettingsValidation>();
        builder.Services.AddSingleton<IStripeClient>(services =>
        {
            var settings = services.GetRequiredService<IOptions<StripeSettings>>().Value;
            var http = new HttpClient { Timeout = settings.RequestTimeout };
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = settings.SecretKey,
                ApiBase = settings.EffectiveApiBase,
                ConnectBase = settings.IsSandbox ? settings.EffectiveApiBase : null,
                FilesBase = settings.IsSandbox ? settings.EffectiveApiBase : null,
                HttpClient = new SystemNetHttpClient(http, settings.MaxNetworkRetries, enableTelemetry: false),
            });
        });
        builder.Services.AddSingleton<StripePayments>();
        builder.Services.AddSingleton<StripeBilling>();
        builder.Services.AddSingleton<StripeConnect>();
    }
}
