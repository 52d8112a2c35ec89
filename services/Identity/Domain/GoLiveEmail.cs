namespace AeThexLive.Identity.Domain;

/// <summary>
/// A go-live email queued for a user and a broadcast. Its key is the pair, so however the fan-out's
/// events arrive (redelivered, split differently after a retry) a follower gets one email per broadcast.
/// </summary>
public sealed class GoLiveEmail
{
    private GoLiveEmail() { }

    public Guid UserId { get; private set; }
    public Guid StreamId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
