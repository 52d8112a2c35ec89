using System.Threading.Channels;
using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Webhooks;

/// <summary>
/// Turns events into deliveries to the configured endpoint, as the current <see cref="DeliveryMode"/>
/// says (copies, delays, held batches, drops), and keeps every delivery's story for tests. It only
/// queues: the <see cref="WebhookDeliveryWorker"/> sends, so an API call never waits for a receiver.
/// </summary>
internal sealed class WebhookDispatcher
{
    private readonly Channel<Delivery> ready = Channel.CreateUnbounded<Delivery>();
    private readonly Lock gate = new();
    private readonly List<Delivery> deliveries = [];
    private readonly List<Delivery> held = [];
    private readonly TimeProvider time;
    private DeliveryMode mode = new();
    private int dropRemaining;
    private long generation;

    public WebhookDispatcher(IOptions<SandboxOptions> options, SandboxStore store, TimeProvider time)
    {
        this.time = time;
        Url = string.IsNullOrWhiteSpace(options.Value.WebhookUrl) ? null : options.Value.WebhookUrl;
        Secret = options.Value.WebhookSecret!;
        store.EventSink = Enqueue;
        store.HasWebhookEndpoint = () => Url is not null;
    }

    public string? Url { get; private set; }
    public string Secret { get; private set; }

    public ChannelReader<Delivery> Ready => ready.Reader;

    public long Generation => Interlocked.Read(ref generation);

    public DeliveryMode Mode
    {
        get { lock (gate) return mode; }
    }

    public void Configure(string? url, string? secret)
    {
        lock (gate)
        {
            Url = string.IsNullOrWhiteSpace(url) ? null : url;
            if (!string.IsNullOrWhiteSpace(secret)) Secret = secret;
        }
    }

    public void SetMode(DeliveryMode next)
    {
        lock (gate)
        {
            mode = next with { Copies = Math.Clamp(next.Copies, 1, 100), DropNext = 0 };
            dropRemaining = Math.Max(0, next.DropNext);
        }
    }

    public void Enqueue(StripeEvent stripeEvent)
    {
        lock (gate)
        {
            if (Url is null) return;
            if (mode.Drop || dropRemaining > 0)
            {
                if (dropRemaining > 0) dropRemaining--;
                deliveries.Add(New(stripeEvent, 1, DeliveryStatus.Dropped));
                return;
            }
            for (var copy = 1; copy <= mode.Copies; copy++)
            {
                var delivery = New(stripeEvent, copy, mode.Hold ? DeliveryStatus.Held : DeliveryStatus.Pending);
                deliveries.Add(delivery);
                if (mode.Hold) held.Add(delivery);
                else Schedule(delivery, TimeSpan.FromMilliseconds(mode.DelayMs + Jitter()));
            }
        }
    }

    /// <summary>Sends the held deliveries now, in random order when <paramref name="shuffle"/> (reproducible with a seed).</summary>
    public int Release(bool shuffle, int? seed)
    {
        lock (gate)
        {
            var batch = held.ToArray();
            held.Clear();
            if (shuffle) (seed is null ? Random.Shared : new Random(seed.Value)).Shuffle(batch);
            foreach (var delivery in batch) Schedule(delivery, TimeSpan.Zero);
            return batch.Length;
        }
    }

    /// <summary>Sends an event once more, whatever the mode (as <c>stripe events resend</c> does).</summary>
    public Delivery? Resend(StripeEvent stripeEvent)
    {
        lock (gate)
        {
            if (Url is null) return null;
            var delivery = New(stripeEvent, deliveries.Count(d => d.Event.Id == stripeEvent.Id) + 1, DeliveryStatus.Pending);
            deliveries.Add(delivery);
            Schedule(delivery, TimeSpan.Zero);
            return delivery;
        }
    }

    /// <summary>Queues the next attempt of a delivery after <paramref name="wait"/> without holding anyone up.</summary>
    public void Schedule(Delivery delivery, TimeSpan wait)
    {
        delivery.Status = DeliveryStatus.Pending;
        if (wait <= TimeSpan.Zero)
        {
            delivery.NextAttemptAt = time.GetUtcNow();
            ready.Writer.TryWrite(delivery);
            return;
        }
        delivery.NextAttemptAt = time.GetUtcNow() + wait;
        _ = WriteLaterAsync(delivery, wait);
    }

    public IReadOnlyList<Delivery> List(Func<Delivery, bool> filter)
    {
        lock (gate) return deliveries.Where(filter).ToList();
    }

    /// <summary>Deliveries not yet finished (held ones excluded: they wait for a release).</summary>
    public int Outstanding()
    {
        lock (gate) return deliveries.Count(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Delivering);
    }

    public object Counts()
    {
        lock (gate)
        {
            return Enum.GetValues<DeliveryStatus>().ToDictionary(
                s => s.ToString().ToLowerInvariant(), s => deliveries.Count(d => d.Status == s));
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            Interlocked.Increment(ref generation);
            foreach (var delivery in deliveries.Where(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Held))
            {
                delivery.Status = DeliveryStatus.Abandoned;
            }
            deliveries.Clear();
            held.Clear();
            mode = new DeliveryMode();
            dropRemaining = 0;
        }
    }

    private int Jitter() => mode.JitterMs > 0 ? Random.Shared.Next(mode.JitterMs + 1) : 0;

    private Delivery New(StripeEvent stripeEvent, int copy, DeliveryStatus status) =>
        new(StripeIds.New("whdel"), Generation, stripeEvent, copy) { CreatedAt = time.GetUtcNow(), Status = status };

    private async Task WriteLaterAsync(Delivery delivery, TimeSpan wait)
    {
        await Task.Delay(wait, time);
        ready.Writer.TryWrite(delivery);
    }
}
