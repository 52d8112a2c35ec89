namespace AeThexLive.Competition.Domain.Channels;

/// <summary>
/// Competition's copy of a channel, kept from Streaming's events: who owns it (to join a
/// tournament with it), its slug and name (to show), and whether it is live right now.
/// </summary>
public sealed class ChannelReplica
{
    private ChannelReplica() { }

    public Guid ChannelId { get; private set; }
    public Guid OwnerId { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool IsLive { get; private set; }
    /// <summary>When Streaming last changed the live flag (the event's time), so a late event never turns it back.</summary>
    public DateTime? LiveChangedAt { get; private set; }
    /// <summary>When Streaming last changed the slug, name or owner, for the same reason.</summary>
    public DateTime UpdatedAt { get; private set; }
}
