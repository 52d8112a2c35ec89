using System.Collections.Concurrent;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

/// <summary>
/// The other end of the webhooks: a small server that checks each delivery the way Payments will
/// (<see cref="EventUtility.ConstructEvent(string, string, string, long, bool)"/>, tolerance 300 s)
/// and keeps what it accepted. It can be told to refuse the next deliveries, to provoke retries.
/// </summary>
public sealed class WebhookReceiver(string secret) : IAsyncDisposable
{
    private readonly ConcurrentQueue<Event> accepted = new();
    private readonly ConcurrentQueue<string> rejected = new();
    private WebApplication? app;
    private int refuseNext;
    private int attempts;

    public string Url { get; private set; } = "";

    public IReadOnlyList<Event> Events => accepted.ToList();

    public IReadOnlyList<string> Rejections => rejected.ToList();

    public int Attempts => Volatile.Read(ref attempts);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/webhook", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref attempts);
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            Event stripeEvent;
            try
            {
                stripeEvent = EventUtility.ConstructEvent(body, request.Headers["Stripe-Signature"].ToString(), secret, 300);
            }
            catch (StripeException invalid)
            {
                rejected.Enqueue(invalid.Message);
                return Results.BadRequest();
            }
            if (Interlocked.Decrement(ref refuseNext) >= 0) return Results.StatusCode(500);
            Interlocked.Exchange(ref refuseNext, 0);
            accepted.Enqueue(stripeEvent);
            return Results.Ok();
        });
        await app.StartAsync();
        Url = app.Urls.Single().TrimEnd('/') + "/webhook";
    }

    /// <summary>Answers 500 to the next <paramref name="count"/> valid deliveries.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref refuseNext, count);

    public void Clear()
    {
        accepted.Clear();
        rejected.Clear();
        Interlocked.Exchange(ref refuseNext, 0);
        Interlocked.Exchange(ref attempts, 0);
    }

    public IReadOnlyList<Event> OfType(string type) => Events.Where(e => e.Type == type).ToList();

    /// <summary>The first accepted event that matches, waiting for it up to ten seconds.</summary>
    public async Task<Event> WaitForAsync(string type, Func<Event, bool>? match = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var found = Events.FirstOrDefault(e => e.Type == type && (match?.Invoke(e) ?? true));
            if (found is not null) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No {type} webhook arrived; got: {string.Join(", ", Events.Select(e => e.Type))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
