using System.Text;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using AeThexLive.Contracts.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AeThexLive.Chat.Rooms;

/// <summary>
/// What the room shows for a message (hub MessageReceived and the history route). SubscriberTier is the sender's
/// subscription tier to the channel when the message was read or sent (basic, premium, vip), for a badge; null for none.
/// </summary>
public sealed record ChatMessageView(
    Guid Id, Guid StreamId, Guid UserId, string Username, string Message, DateTime CreatedAt, bool Held = false, string? SubscriberTier = null);

public enum PostOutcome { Posted, Held, Invalid, StreamNotFound, StreamNotLive, Banned, RateLimited, NotAllowedByChannel }

public sealed record PostResult(PostOutcome Outcome, ChatMessageView? Message = null, string? Error = null, DateTime? Until = null);

/// <summary>
/// Posting to a stream's room, the same for the hub and HTTP: the text is cleaned and
/// checked, the sender must not be banned and must be within the rate limit, the message is
/// stored (with its ChatMessagePosted event) and only then sent to everyone in the room —
/// on every replica, through the Redis backplane.
/// </summary>
public sealed class ChatRoom(ChatDbContext db, IHubContext<ChatHub, IChatClient> hub, IConnectionMultiplexer redis, SlidingWindow window, IOptions<ChatLimits> limits, TimeProvider clock)
{
    public const int MaxLength = 500;

    public static string RoomName(Guid streamId) => $"stream:{streamId}";

    public async Task<PostResult> PostAsync(Guid streamId, Guid userId, string username, string? text, CancellationToken cancellationToken)
    {
        var cleaned = Clean(text);
        if (cleaned.Length == 0) return new PostResult(PostOutcome.Invalid, Error: "A message needs some text.");
        if (cleaned.Length > MaxLength) return new PostResult(PostOutcome.Invalid, Error: $"A message is at most {MaxLength} characters.");

        var now = clock.GetUtcNow().UtcDateTime;
        // Everything that decides whether this user may talk here, in one database round trip
        // while Redis counts the message against the sender's limit: a busy room sends many
        // messages a second and each waits on both. A refused message gives its slot back.
        var slot = window.TakeAsync($"chat:rate:{userId}", limits.Value.Window, limits.Value.MessagesPerWindow, limits.Value.PrivilegedMessagesPerWindow);
        var query = RoomFactsFor(db, streamId, userId, now);
        await Task.WhenAll(slot, query);
        var room = query.Result;
        var sendSlot = slot.Result;
        var refusal = room switch
        {
            null => new PostResult(PostOutcome.StreamNotFound, Error: "No such stream."),
            { Stream.IsLive: false } => new PostResult(PostOutcome.StreamNotLive, Error: "The stream has ended; its chat is read-only."),
            { PermanentlyBanned: true } => new PostResult(PostOutcome.Banned, Error: "You are banned from this chat."),
            { TimedOutUntil: { } until } => new PostResult(PostOutcome.Banned, Error: "You are timed out in this chat.", Until: until),
            _ => null,
        };
        var privileged = room is not null && (room.Stream.OwnerId == userId || room.IsModerator);
        if (refusal is null && room!.Settings is { } channelRules && !privileged)
        {
            refusal = await ChannelRuleRefusalAsync(channelRules, userId, cleaned, now, cancellationToken);
        }
        var limit = privileged ? limits.Value.PrivilegedMessagesPerWindow : limits.Value.MessagesPerWindow;
        if (refusal is null && (privileged ? sendSlot.HigherFreeAt : sendSlot.FreeAt) is { } retryAt)
        {
            refusal = new PostResult(PostOutcome.RateLimited, Error: $"Slow down: at most {limit} messages per {limits.Value.Window.TotalSeconds:0} seconds.", Until: retryAt);
        }
        if (refusal is not null)
        {
            window.GiveBack(sendSlot);
            return refusal;
        }
        var stream = room!.Stream;
        var settings = room.Settings;

        var message = new ChatMessage(Guid.CreateVersion7(), streamId, userId, cleaned, now);
        db.ChatMessages.Add(message);
        var blocked = privileged ? null : settings?.BlockedTermIn(cleaned);
        if (blocked is not null)
        {
            // Held, not refused: the sender is told, moderators decide, nobody else sees it meanwhile.
            message.Hold();
            db.ModerationQueue.Add(new ModerationReport(Guid.CreateVersion7(), streamId, message.Id, AutomaticReporter,
                "Held automatically: it contains a blocked term.", now));
        }
        else
        {
            db.AddEvent(new ChatMessagePosted(message.Id, streamId, stream.ChannelId, userId, now));
        }
        await db.SaveNewRowsAsync(cancellationToken);

        var view = new ChatMessageView(message.Id, streamId, userId, username, message.Message, message.CreatedAt, message.IsHeld,
            room.SubscriberTier);
        if (message.IsHeld) return new PostResult(PostOutcome.Held, view);
        await hub.Clients.Group(RoomName(streamId)).MessageReceived(view);
        return new PostResult(PostOutcome.Posted, view);
    }

    /// <summary>What decides whether a user may talk in a stream's room; null when there is no such stream.</summary>
    private sealed record RoomFacts(
        LiveStreamReplica Stream, ChatSettings? Settings, bool IsModerator, bool PermanentlyBanned, DateTime? TimedOutUntil, string? SubscriberTier);

    // Compiled once: every message runs this, and translating the LINQ each time cost as much
    // as the database round trip itself.
    private static readonly Func<ChatDbContext, Guid, Guid, DateTime, Task<RoomFacts?>> RoomFactsFor =
        EF.CompileAsyncQuery((ChatDbContext db, Guid streamId, Guid userId, DateTime now) => (
            from s in db.StreamReplicas.AsNoTracking()
            where s.StreamId == streamId
            join c in db.ChatSettings.AsNoTracking() on s.ChannelId equals c.ChannelId into rules
            from rule in rules.DefaultIfEmpty()
            select new RoomFacts(
                s,
                rule,
                db.ChannelModerators.Any(m => m.ChannelId == s.ChannelId && m.UserId == userId),
                db.ChatBans.Any(b => b.ChannelId == s.ChannelId && b.BannedUserId == userId && b.IsPermanent),
                db.ChatBans.Where(b => b.ChannelId == s.ChannelId && b.BannedUserId == userId && !b.IsPermanent && b.BannedUntil > now)
                    .Max(b => b.BannedUntil),
                db.SubscriberReplicas.Where(r => r.ChannelId == s.ChannelId && r.UserId == userId && !r.Ended).Select(r => r.Tier)
                    .FirstOrDefault())).SingleOrDefault());

    /// <summary>Reports the chat itself files (held messages) name this reporter.</summary>
    public static readonly Guid AutomaticReporter = Guid.Empty;

    /// <summary>Emote-only, followers-only and slow mode, which the owner and moderators are exempt from.</summary>
    private async Task<PostResult?> ChannelRuleRefusalAsync(ChatSettings settings, Guid userId, string text, DateTime now, CancellationToken cancellationToken)
    {
        if (settings.EmoteOnly && !IsEmotesOnly(text))
        {
            return new PostResult(PostOutcome.NotAllowedByChannel, Error: "This chat is in emote-only mode.");
        }
        if (settings.FollowersOnlyMinutes is { } minutes)
        {
            var since = await db.ChannelFollowers.Where(f => f.ChannelId == settings.ChannelId && f.UserId == userId)
                .Select(f => (DateTime?)f.FollowedAt).SingleOrDefaultAsync(cancellationToken);
            if (since is null || since > now.AddMinutes(-minutes))
            {
                return new PostResult(PostOutcome.NotAllowedByChannel,
                    Error: minutes == 0 ? "This chat is for followers only." : $"This chat is for followers of at least {minutes} minutes.");
            }
        }
        if (settings.SlowModeSeconds > 0)
        {
            var key = (RedisKey)$"chat:slow:{settings.ChannelId}:{userId}";
            var free = await redis.GetDatabase().StringSetAsync(key, 1, TimeSpan.FromSeconds(settings.SlowModeSeconds), When.NotExists);
            if (!free)
            {
                var wait = await redis.GetDatabase().KeyTimeToLiveAsync(key) ?? TimeSpan.FromSeconds(settings.SlowModeSeconds);
                return new PostResult(PostOutcome.RateLimited, Error: $"Slow mode: one message every {settings.SlowModeSeconds} seconds.", Until: now + wait);
            }
        }
        return null;
    }

    /// <summary>Only emoji (pictographs, their modifiers and joiners) and spaces.</summary>
    public static bool IsEmotesOnly(string text) => text.EnumerateRunes().All(rune =>
        Rune.IsWhiteSpace(rune) || rune.Value is 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0x1F3FB and <= 0x1F3FF)
        || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.ModifierSymbol
            or System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark);

    /// <summary>Trims and drops control characters (keeping none: chat is one line), normalising Unicode.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                && rune.Value != 0x200D) continue; // keep the zero-width joiner that emoji sequences need
            builder.Append(rune.ToString());
        }
        return builder.ToString().Trim();
    }
}
