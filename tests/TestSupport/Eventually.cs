namespace AeThexLive.TestSupport;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; returns false if it never did within the time.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition()) return true;
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
