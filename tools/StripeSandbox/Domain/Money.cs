using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>
/// Stripe's US card pricing as the sandbox books it. The fee on a charge of <c>amount</c> minor
/// units is 2.9 % of the amount rounded half up to a whole unit, plus 30 units:
/// <c>fee = (amount × 29 + 500) / 1000 + 30</c> in integer arithmetic (499 → 44, 999 → 59,
/// 2499 → 102, 100 → 33). Refunds return no fee; a dispute withdraws the disputed amount plus a
/// fixed dispute fee (<c>Sandbox:DisputeFeeCents</c>, 1500) that winning the dispute does not return.
/// </summary>
internal static class Money
{
    public const int MinimumChargeCents = 50;
    public const long MaximumChargeCents = 99_999_999;

    public static readonly IReadOnlySet<string> Currencies = new HashSet<string>(StringComparer.Ordinal)
    {
        "usd", "eur", "gbp", "cad", "aud", "chf", "sek", "nok", "dkk", "pln", "nzd", "jpy", "brl", "mxn",
    };

    public static long CardFee(long amount) => (amount * 29 + 500) / 1000 + 30;

    /// <summary>
    /// A share of <paramref name="amount"/> for <paramref name="part"/> of <paramref name="whole"/>
    /// seconds of a period (prorations), rounded half up to a whole unit.
    /// </summary>
    public static long Prorate(long amount, long part, long whole) =>
        whole <= 0 ? 0 : (amount * part * 2 + whole) / (whole * 2);
}
