using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Engine;

/// <summary>
/// Advances the sandbox's clock step by step: to each moment something falls due (a renewal, a
/// retry, an expiry, a payout's arrival), doing it there, so a jump of three months renews three
/// times with each invoice dated at its own period's start.
/// </summary>
internal sealed class ClockRunner(SandboxStore store, BillingEngine billing, ConnectEngine connect)
{
    private const int MaxSteps = 100_000;
    private const long MaxAdvanceSeconds = 10L * 366 * 86_400;

    /// <summary>Runs everything due up to <paramref name="target"/>; call it holding the store's gate.</summary>
    public int AdvanceTo(long target)
    {
        if (target - store.Now > MaxAdvanceSeconds)
        {
            throw StripeApiException.Invalid("The sandbox clock moves at most ten years at a time.", "seconds");
        }
        var steps = 0;
        while (steps < MaxSteps)
        {
            var next = Min(billing.NextDue(target), connect.NextDue(target));
            if (next is null) break;
            store.Clock.MoveTo(next.Value);
            billing.RunDue();
            connect.RunDue();
            steps++;
        }
        store.Clock.MoveTo(target);
        billing.RunDue();
        connect.RunDue();
        return steps;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
