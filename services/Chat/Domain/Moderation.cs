namespace AeThexLive.Chat.Domain;

public sealed class ChatBan
{
    private ChatBan() { }

    /// <param name="duration">null bans permanently.</param>
    public ChatBan(Guid id, Guid channelId, Guid bannedUserId, string? reason, TimeSpan? duration, Guid createdBy, DateTime now)
    {
        Id = id;
        ChannelId = channelId;
        BannedUserId = bannedUserId;
        Reason = reason;
        IsPermanent = duration is null;
        BannedUntil = duration is { } d ? now + d : null;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ChannelId { get; private set; }
    public Guid BannedUserId { get; private set; }
    public string? Reason { get; private set; }
    public DateTime? BannedUntil { get; private set; }
    public bool IsPermanent { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public bool IsActiveAt(DateTime now) => IsPermanent || BannedUntil > now;

    /// <summary>Lifts the ban from <paramref name="now"/> on; the row stays as history.</summary>
    public void Lift(DateTime now)
    {
        IsPermanent = false;
        BannedUntil = now;
    }
}

public static class ReportStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>A reported chat message waiting for a moderator (table moderation_queue).</summary>
public sealed class ModerationReport
{
    private ModerationReport() { }

    public ModerationReport(Guid id, Guid? streamId, Guid? messageId, Guid reportedBy, string? reason, DateTime now)
    {
        Id = id;
        StreamId = streamId;
        MessageId = messageId;
        ReportedBy = reportedBy;
        Reason = reason;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid? StreamId { get; private set; }
    public Guid? MessageId { get; private set; }
    public Guid ReportedBy { get; private set; }
    public string? Reason { get; private set; }
    public string Status { get; private set; } = ReportStatuses.Pending;
    public DateTime CreatedAt { get; private set; }

    public bool IsPending => Status == ReportStatuses.Pending;

    /// <summary>The report was right: the message goes.</summary>
    public void Approve(ChatMessage? message)
    {
        EnsurePending();
        message?.Delete();
        Status = ReportStatuses.Approved;
    }

    public void Reject()
    {
        EnsurePending();
        Status = ReportStatuses.Rejected;
    }

    private void EnsurePending()
    {
        if (!IsPending) throw new InvalidOperationException($"The report was already {Status}.");
    }
}

public sealed class ChannelModerator
{
    private ChannelModerator() { }

    public ChannelModerator(Guid channelId, Guid userId, DateTime now)
    {
        ChannelId = channelId;
        UserId = userId;
        CreatedAt = now;
    }

    public Guid ChannelId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
