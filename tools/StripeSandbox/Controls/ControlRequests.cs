namespace AeThexLive.StripeSandbox.Controls;

/// <summary>Move the clock by <c>seconds</c> (or <c>days</c>), or to the unix time <c>to</c>.</summary>
public sealed record ClockAdvance(long? Seconds = null, double? Days = null, long? To = null);

/// <summary>Whether a renewal or retry made by a test control declines (with <c>pm_card_chargeCustomerFail</c>).</summary>
public sealed record BillingAttempt(bool Fail = false);

public sealed record DisputeOpening(long? Amount = null, string? Reason = null);

public sealed record DisputeClosing(string Outcome = "lost");

public sealed record AuthenticationAnswer(string Outcome = "succeed");

public sealed record AccountRestriction(string Reason = "requirements.past_due");

public sealed record PayoutFailures(bool Enabled = true);

public sealed record PayoutFailure(string FailureCode = "account_closed");

public sealed record BalanceTopUp(long Amount, string Currency = "usd");

public sealed record WebhookEndpoint(string? Url, string? Secret = null);

public sealed record HeldRelease(bool Shuffle = true, int? Seed = null);

public sealed record DeliveryWait(int TimeoutMs = 10_000);

/// <summary>
/// The next <c>Count</c> API calls (matching <c>Method</c> and <c>Path</c> prefix) stall <c>StallMs</c>
/// or fail with <c>FailStatus</c>.
/// </summary>
public sealed record FaultRequest(int Count = 1, int StallMs = 0, int? FailStatus = null, string? Method = null, string? Path = null);
