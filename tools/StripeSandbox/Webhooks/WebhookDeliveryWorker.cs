using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Webhooks;

/// <summary>
/// Sends deliveries to the endpoint, several at once, signed at the moment of each attempt. A
/// non-2xx answer or a failed connection is retried after the configured waits; after the last
/// the delivery is given up, as Stripe gives up after its three days.
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    WebhookDispatcher dispatcher,
    IHttpClientFactory httpClients,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly SandboxOptions settings = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.WebhookConcurrency)).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var delivery in dispatcher.Ready.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(delivery, stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // A delivery that broke the sender is given up, not left "delivering" with a worker lost.
                    delivery.Record(new DeliveryAttempt(time.GetUtcNow(), null, failure.Message, 0));
                    delivery.Status = DeliveryStatus.Failed;
                    LogDeliveryBroke(logger, failure, delivery.Event.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; undelivered events stay listed by GET /v1/events.
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        if (delivery.Generation != dispatcher.Generation || delivery.Status != DeliveryStatus.Pending)
        {
            if (delivery.Status == DeliveryStatus.Pending) delivery.Status = DeliveryStatus.Abandoned;
            return;
        }
        var url = dispatcher.Url;
        if (url is null)
        {
            delivery.Status = DeliveryStatus.Abandoned;
            return;
        }
        delivery.Status = DeliveryStatus.Delivering;
        var started = Stopwatch.GetTimestamp();
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(delivery.Event.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature",
                WebhookSigner.Header(delivery.Event.Body, dispatcher.Secret, time.GetUtcNow().ToUnixTimeSeconds()));
            request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            statusCode = (int)response.StatusCode;
        }
        catch (HttpRequestException failure)
        {
            error = failure.Message;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"Timed out after {settings.WebhookTimeoutSeconds} s";
        }
        delivery.Record(new DeliveryAttempt(time.GetUtcNow(), statusCode, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds));

        if (statusCode is >= 200 and < 300)
        {
            delivery.Status = DeliveryStatus.Succeeded;
            delivery.DeliveredAt = time.GetUtcNow();
            delivery.NextAttemptAt = null;
            return;
        }
        var retry = delivery.AttemptCount - 1;
        if (retry < settings.WebhookRetryDelaysMs.Length && delivery.Generation == dispatcher.Generation)
        {
            LogRetrying(logger, delivery.Event.Type, delivery.Event.Id, statusCode?.ToString() ?? error ?? "?");
            dispatcher.Schedule(delivery, TimeSpan.FromMilliseconds(settings.WebhookRetryDelaysMs[retry]));
            return;
        }
        delivery.Status = DeliveryStatus.Failed;
        delivery.NextAttemptAt = null;
        LogGaveUp(logger, delivery.Event.Type, delivery.Event.Id, delivery.AttemptCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Type} {EventId} not accepted ({Answer}); it will be retried")]
    private static partial void LogRetrying(ILogger logger, string type, string eventId, string answer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending webhook {EventId} failed in the sandbox")]
    private static partial void LogDeliveryBroke(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Type} {EventId} given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string type, string eventId, int attempts);
}
