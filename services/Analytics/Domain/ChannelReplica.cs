namespace AeThexLive.Analytics.Domain;

/// <summary>
/// Analytics' copy of a channel (ChannelCreated, then ChannelUpdated): its slug for the routes and
/// its owner for the access check. An older event never overwrites a newer one.
/// </summary>
public sealed class ChannelReplica
{
    private ChannelReplica() { }

    public Guid ChannelId { get; private set; }
    public Guid OwnerId { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }
}
