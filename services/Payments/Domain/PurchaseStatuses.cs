namespace AeThexLive.Payments.Domain;

/// <summary>
/// Where a paid purchase stands. Only forward: pending → failed → completed, never back. A failed card can be
/// tried again (Stripe keeps the intent open), so failed is not final; completed is, since the money arrived.
/// </summary>
public static class PurchaseStatuses
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Completed = "completed";

    public static int Rank(string status) => status switch
    {
        Pending => 0,
        Failed => 1,
        Completed => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown purchase status."),
    };
}
