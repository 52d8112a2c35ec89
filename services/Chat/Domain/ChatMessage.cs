namespace AeThexLive.Chat.Domain;

public sealed class ChatMessage
{
    private ChatMessage() { }

    public ChatMessage(Guid id, Guid streamId, Guid userId, string message, DateTime at)
    {
        Id = id;
        StreamId = streamId;
        UserId = userId;
        Message = message;
        CreatedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    public Guid UserId { get; private set; }
    public string Message { get; private set; } = "";
    /// <summary>Deleted messages are kept (reports point at them) but never shown.</summary>
    public bool IsDeleted { get; private set; }
    /// <summary>Not in schema.sql: held for a moderator (a blocked term) and shown to nobody until released.</summary>
    public bool IsHeld { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Delete() => IsDeleted = true;

    public void Hold() => IsHeld = true;

    public void Release() => IsHeld = false;
}

public sealed class ChatReaction
{
    private ChatReaction() { }

    public ChatReaction(Guid id, Guid streamId, Guid userId, string emoji, DateTime at)
    {
        Id = id;
        StreamId = streamId;
        UserId = userId;
        Emoji = emoji;
        CreatedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    public Guid UserId { get; private set; }
    public string? Emoji { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
