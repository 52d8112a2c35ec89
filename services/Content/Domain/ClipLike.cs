namespace AeThexLive.Content.Domain;

/// <summary>A user likes a clip (at most once: the key is the pair).</summary>
public sealed class ClipLike
{
    private ClipLike() { }

    public Guid UserId { get; private set; }
    public Guid ClipId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
