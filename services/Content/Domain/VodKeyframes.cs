namespace AeThexLive.Content.Domain;

/// <summary>
/// Not in schema.sql: a VOD's keyframe times in seconds, read once when it was rendered, so a clip
/// is cut without probing the video again. A table of its own keeps VOD lists from carrying them;
/// VODs rendered before it was kept have none and are probed.
/// </summary>
public sealed class VodKeyframes(Guid vodId, double[] seconds)
{
    public Guid VodId { get; private set; } = vodId;
    public double[] Seconds { get; private set; } = seconds;
}
