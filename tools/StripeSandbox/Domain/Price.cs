using System.Globalization;
using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Price(string id, long created, string productId, long unitAmount, string currency) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string ProductId { get; } = productId;
    public long UnitAmount { get; } = unitAmount;
    public string Currency { get; } = currency;
    public string? LookupKey { get; set; }
    public string? Nickname { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>day, week, month or year; null for a one-time price.</summary>
    public string? Interval { get; init; }

    public int IntervalCount { get; init; } = 1;
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsRecurring => Interval is not null;

    /// <summary>The end of the billing period that starts at <paramref name="start"/> (calendar months, as Stripe bills).</summary>
    public long PeriodEnd(long start)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(start);
        var end = Interval switch
        {
            "day" => from.AddDays(IntervalCount),
            "week" => from.AddDays(7 * IntervalCount),
            "year" => from.AddYears(IntervalCount),
            _ => from.AddMonths(IntervalCount),
        };
        return end.ToUnixTimeSeconds();
    }

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "price",
        ["active"] = Active,
        ["billing_scheme"] = "per_unit",
        ["created"] = Created,
        ["currency"] = Currency,
        ["custom_unit_amount"] = null,
        ["livemode"] = false,
        ["lookup_key"] = LookupKey,
        ["metadata"] = Domain.Metadata.ToJson(Metadata),
        ["nickname"] = Nickname,
        ["product"] = ProductId,
        ["recurring"] = Interval is null ? null : new JsonObject
        {
            ["interval"] = Interval,
            ["interval_count"] = IntervalCount,
            ["meter"] = null,
            ["trial_period_days"] = null,
            ["usage_type"] = "licensed",
        },
        ["tax_behavior"] = "unspecified",
        ["tiers_mode"] = null,
        ["transform_quantity"] = null,
        ["type"] = Interval is null ? "one_time" : "recurring",
        ["unit_amount"] = UnitAmount,
        ["unit_amount_decimal"] = UnitAmount.ToString(CultureInfo.InvariantCulture),
    };
}
