namespace AeThexLive.StripeSandbox.Engine;

/// <summary>
/// The sandbox's notion of now: the real time plus however far tests have advanced it. It only
/// moves forward, so event order and <c>created</c> order agree.
/// </summary>
internal sealed class SandboxClock(TimeProvider time)
{
    private long offsetSeconds;

    public long Now => time.GetUtcNow().ToUnixTimeSeconds() + Interlocked.Read(ref offsetSeconds);

    public long OffsetSeconds => Interlocked.Read(ref offsetSeconds);

    /// <summary>Moves the clock to <paramref name="instant"/> if that is later than now.</summary>
    public void MoveTo(long instant)
    {
        var ahead = instant - Now;
        if (ahead > 0) Interlocked.Add(ref offsetSeconds, ahead);
    }

    public void Reset() => Interlocked.Exchange(ref offsetSeconds, 0);
}
