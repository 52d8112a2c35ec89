namespace AeThexLive.Analytics.Tests;

/// <summary>An event as the bus hands it over: with the message id it travelled under.</summary>
internal sealed record Delivery(Guid MessageId, object Event);

internal static class Deliveries
{
    /// <summary>
    /// Everything delivered three times in a shuffled order, plus about 5 % redeliveries (the same
    /// message id again) and 5 % re-sends (the same fact published again under a new message id),
    /// cut into batches of 1–25. Facts are keyed by what they are, never by message id, so both
    /// kinds of copy must change nothing.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Delivery>> Chaotic(IReadOnlyList<object> events, Random random)
    {
        var originals = events.Select(e => new Delivery(Guid.NewGuid(), e)).ToList();
        var all = new List<Delivery>();
        for (var round = 0; round < 3; round++) all.AddRange(originals);
        var redelivered = originals.Where(_ => random.NextDouble() < 0.05).ToList();
        var resent = originals.Where(_ => random.NextDouble() < 0.05).Select(d => d with { MessageId = Guid.NewGuid() }).ToList();
        // At least one of each, whatever the seed, so the test always covers both.
        all.Add(redelivered.FirstOrDefault() ?? originals[random.Next(originals.Count)]);
        all.Add(resent.FirstOrDefault() ?? originals[random.Next(originals.Count)] with { MessageId = Guid.NewGuid() });
        all.AddRange(redelivered.Skip(1));
        all.AddRange(resent.Skip(1));
        var shuffled = all.OrderBy(_ => random.Next()).ToList();

        var batches = new List<IReadOnlyList<Delivery>>();
        for (var i = 0; i < shuffled.Count;)
        {
            var size = Math.Min(random.Next(1, 26), shuffled.Count - i);
            batches.Add(shuffled.GetRange(i, size));
            i += size;
        }
        return batches;
    }
}
