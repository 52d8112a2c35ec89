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

    /// <summary>Polls until a value satisfies <paramref name="done"/>; returns the last value seen.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow >= deadline) return value;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
