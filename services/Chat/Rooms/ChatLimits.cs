namespace AeThexLive.Chat.Rooms;

/// <summary>How many messages one user may send per sliding window (configuration section <c>Chat:Limits</c>).</summary>
public sealed class ChatLimits
{
    public const string Section = "Chat:Limits";

    public int MessagesPerWindow { get; set; } = 20;
    /// <summary>For the channel's owner and moderators.</summary>
    public int PrivilegedMessagesPerWindow { get; set; } = 100;
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);
}
