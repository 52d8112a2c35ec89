namespace AeThexLive.TestSupport;

/// <summary>A clock a test moves by hand, for behaviour that depends on time passing.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
