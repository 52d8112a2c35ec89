namespace AeThexLive.StripeSandbox.Wire;

/// <summary>A planned misbehaviour for the next <see cref="Remaining"/> matching API calls.</summary>
internal sealed class FaultRule
{
    public required int Remaining { get; set; }

    /// <summary>Held this long before running (the call still runs, even if the caller has given up).</summary>
    public TimeSpan Stall { get; init; }

    /// <summary>Answered with this status (500 <c>api_error</c> or 429 <c>rate_limit</c>) without running.</summary>
    public int? FailStatus { get; init; }

    public string? Method { get; init; }
    public string? PathPrefix { get; init; }

    public bool Matches(ApiCall call) =>
        (Method is null || string.Equals(Method, call.Method, StringComparison.OrdinalIgnoreCase))
        && (PathPrefix is null || call.Path.StartsWith(PathPrefix, StringComparison.Ordinal));
}

/// <summary>The stalls and failures tests have asked for, taken by API calls in arrival order.</summary>
internal sealed class FaultPlan
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];

    public void Add(FaultRule rule)
    {
        lock (gate) rules.Add(rule);
    }

    public FaultRule? Take(ApiCall call)
    {
        lock (gate)
        {
            var rule = rules.FirstOrDefault(r => r.Matches(call));
            if (rule is null) return null;
            if (--rule.Remaining <= 0) rules.Remove(rule);
            return rule;
        }
    }

    public IReadOnlyList<object> Describe()
    {
        lock (gate)
        {
            return rules.Select(r => (object)new
            {
                remaining = r.Remaining,
                stallMs = (long)r.Stall.TotalMilliseconds,
                failStatus = r.FailStatus,
                method = r.Method,
                path = r.PathPrefix,
            }).ToList();
        }
    }

    public void Clear()
    {
        lock (gate) rules.Clear();
    }
}
