namespace AeThexLive.StripeSandbox.Wire;

public enum ClaimOutcome
{
    /// <summary>The key is new: this request executes and its answer is kept.</summary>
    Claimed,

    /// <summary>The key finished before with the same parameters: its saved answer is replayed.</summary>
    Replay,

    /// <summary>The key was used with other parameters (or another endpoint): 400 <c>idempotency_error</c>.</summary>
    Mismatch,

    /// <summary>The first request with this key is still running: 409 <c>idempotency_key_in_use</c>.</summary>
    InUse,
}

/// <summary>
/// Stripe's idempotency: the first request with a key runs, and its answer (success, decline or
/// error raised once the endpoint had started) is saved for 24 hours; a retry with the same
/// parameters gets that answer again, other parameters get an error, and a retry while the first
/// still runs is told so. Answers of requests refused before they ran are not saved.
/// </summary>
internal sealed class IdempotencyLedger(TimeProvider time)
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private DateTimeOffset nextPrune = DateTimeOffset.MinValue;

    public (ClaimOutcome Outcome, StripeResult? Saved) Claim(string scope, string key, string fingerprint)
    {
        var id = scope + "\n" + key;
        lock (gate)
        {
            Prune();
            if (!entries.TryGetValue(id, out var entry))
            {
                entries[id] = new Entry(fingerprint, time.GetUtcNow());
                return (ClaimOutcome.Claimed, null);
            }
            if (entry.Fingerprint != fingerprint) return (ClaimOutcome.Mismatch, null);
            return entry.Saved is null ? (ClaimOutcome.InUse, null) : (ClaimOutcome.Replay, entry.Saved);
        }
    }

    /// <summary>Keeps the answer for replays, or (<paramref name="result"/> null) frees the key for a fresh try.</summary>
    public void Complete(string scope, string key, StripeResult? result)
    {
        var id = scope + "\n" + key;
        lock (gate)
        {
            if (result is null) entries.Remove(id);
            else if (entries.TryGetValue(id, out var entry)) entry.Saved = result;
        }
    }

    public void Clear()
    {
        lock (gate) entries.Clear();
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        if (now < nextPrune) return;
        nextPrune = now.AddMinutes(1);
        foreach (var (id, entry) in entries.ToList())
        {
            if (entry.Saved is not null && now - entry.CreatedAt > Retention) entries.Remove(id);
        }
    }

    private sealed class Entry(string fingerprint, DateTimeOffset createdAt)
    {
        public string Fingerprint { get; } = fingerprint;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public StripeResult? Saved { get; set; }
    }
}
