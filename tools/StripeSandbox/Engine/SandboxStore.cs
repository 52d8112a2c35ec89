using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Engine;

/// <summary>
/// Every object the sandbox holds. All reads and writes happen while holding <see cref="Gate"/>
/// (one API call or one clock step at a time), so each call sees and leaves a consistent state
/// and events are numbered in the order things happened.
/// </summary>
internal sealed class SandboxStore
{
    private readonly Dictionary<string, IStripeObject> index = new(StringComparer.Ordinal);
    private readonly List<IObjectTable> tables = [];
    private readonly SandboxOptions options;

    public SandboxStore(IOptions<SandboxOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        Clock = new SandboxClock(time);
        Customers = Table<Customer>("customer");
        PaymentMethods = Table<CardPaymentMethod>("PaymentMethod");
        Products = Table<Product>("product");
        Prices = Table<Price>("price");
        PaymentIntents = Table<PaymentIntent>("payment_intent");
        Charges = Table<Charge>("charge");
        BalanceTransactions = Table<BalanceTransaction>("balance transaction");
        Refunds = Table<Refund>("refund");
        Disputes = Table<Dispute>("dispute");
        Subscriptions = Table<Subscription>("subscription");
        Invoices = Table<Invoice>("invoice");
        InvoicePayments = Table<InvoicePayment>("invoice payment");
        Accounts = Table<ConnectAccount>("account");
        Transfers = Table<Transfer>("transfer");
        TransferReversals = Table<TransferReversal>("transfer reversal");
        Payouts = Table<Payout>("payout");
        Events = Table<StripeEvent>("event");
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);
    public SandboxClock Clock { get; }

    public ObjectTable<Customer> Customers { get; }
    public ObjectTable<CardPaymentMethod> PaymentMethods { get; }
    public ObjectTable<Product> Products { get; }
    public ObjectTable<Price> Prices { get; }
    public ObjectTable<PaymentIntent> PaymentIntents { get; }
    public ObjectTable<Charge> Charges { get; }
    public ObjectTable<BalanceTransaction> BalanceTransactions { get; }
    public ObjectTable<Refund> Refunds { get; }
    public ObjectTable<Dispute> Disputes { get; }
    public ObjectTable<Subscription> Subscriptions { get; }
    public ObjectTable<Invoice> Invoices { get; }
    public ObjectTable<InvoicePayment> InvoicePayments { get; }
    public ObjectTable<ConnectAccount> Accounts { get; }
    public ObjectTable<Transfer> Transfers { get; }
    public ObjectTable<TransferReversal> TransferReversals { get; }
    public ObjectTable<Payout> Payouts { get; }
    public ObjectTable<StripeEvent> Events { get; }

    /// <summary>Proration lines waiting for a subscription's next invoice.</summary>
    public Dictionary<string, List<InvoiceLine>> PendingLines { get; } = new(StringComparer.Ordinal);

    /// <summary>Where new events go to be delivered; set once by the webhook dispatcher.</summary>
    public Action<StripeEvent>? EventSink { get; set; }

    /// <summary>Whether an endpoint will be sent new events (an event's <c>pending_webhooks</c>).</summary>
    public Func<bool> HasWebhookEndpoint { get; set; } = () => false;

    /// <summary>The API call being executed, stamped on the events it causes (null for the clock's own work).</summary>
    public ApiCall? CurrentCall { get; set; }

    public long Now => Clock.Now;

    public IEnumerable<(string Noun, int Count)> Counts => tables.Select(t => (t.Noun, t.Count));

    public IStripeObject? Find(string id) => index.GetValueOrDefault(id);

    public void Index(IStripeObject item) => index[item.Id] = item;

    /// <summary>Records an event about <paramref name="subject"/> as it is now, and hands it to delivery.</summary>
    public StripeEvent Emit(string type, IStripeObject subject, JsonObject? before = null, string? account = null)
    {
        var current = subject.ToJson(this);
        var data = new JsonObject { ["object"] = current };
        if (before is not null)
        {
            data["previous_attributes"] = PreviousAttributes(before, current);
        }
        var call = CurrentCall;
        var stripeEvent = new StripeEvent(StripeIds.New("evt"), Now, type, options.ApiVersion, data, account ?? subject.Owner,
            call?.RequestId, call?.IdempotencyKey, HasWebhookEndpoint() ? 1 : 0);
        Events.Add(stripeEvent);
        EventSink?.Invoke(stripeEvent);
        return stripeEvent;
    }

    public void Reset()
    {
        foreach (var table in tables) table.Clear();
        index.Clear();
        PendingLines.Clear();
        Clock.Reset();
    }

    public static JsonObject List(string url, IReadOnlyList<JsonNode> data, bool hasMore = false) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(data.ToArray()),
        ["has_more"] = hasMore,
        ["url"] = url,
    };

    /// <summary>The top-level members that changed, with their old values (an update event's <c>previous_attributes</c>).</summary>
    private static JsonObject PreviousAttributes(JsonObject before, JsonObject after)
    {
        var changed = new JsonObject();
        foreach (var (name, old) in before)
        {
            var now = after[name];
            if (!JsonNode.DeepEquals(old, now)) changed[name] = old?.DeepClone();
        }
        return changed;
    }

    private ObjectTable<T> Table<T>(string noun) where T : class, IStripeObject
    {
        var table = new ObjectTable<T>(this, noun);
        tables.Add(table);
        return table;
    }
}
