using System.Collections.Concurrent;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using AeThexLive.Contracts.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Rooms;

public sealed record PollOptionView(Guid Id, string Text, int VoteCount);

public sealed record PollView(Guid Id, Guid StreamId, string Question, string Status, IReadOnlyList<PollOptionView> Options, int TotalVotes,
    DateTime CreatedAt, DateTime? EndsAt, DateTime? EndedAt);

public enum VoteOutcome { Counted, PollNotFound, Closed, UnknownOption, Banned }

/// <summary>
/// Votes and endings. One vote per user per poll, changeable until it ends: each vote runs
/// under a per-(poll, user) advisory lock and moves the tallies with single UPDATEs, so 200
/// people voting at once give exact counts. Tallies reach the room at most four times a second.
/// </summary>
public sealed class PollBox(ChatDbContext db, ChatAuthority authority, PollTallyFeed feed, IHubContext<ChatHub, IChatClient> hub, TimeProvider clock)
{
    public async Task<VoteOutcome> VoteAsync(Guid pollId, Guid userId, Guid optionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // FOR SHARE: an ending (FOR UPDATE) waits for votes in flight and no vote slips in after it.
        var poll = (await db.Polls.FromSql($"SELECT * FROM polls WHERE id = {pollId} FOR SHARE").Include(p => p.Options).ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (poll is null) return VoteOutcome.PollNotFound;
        if (!poll.IsOpenAt(now)) return VoteOutcome.Closed;
        if (!poll.Accepts(optionId, now)) return VoteOutcome.UnknownOption;
        var channelId = await db.StreamReplicas.Where(s => s.StreamId == poll.StreamId).Select(s => s.ChannelId).SingleAsync(cancellationToken);
        if ((await authority.BanAsync(channelId, userId, now, cancellationToken)).Banned) return VoteOutcome.Banned;

        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({pollId.ToString() + userId}, 0))", cancellationToken);
        var previous = await db.PollVotes.Where(v => v.PollId == pollId && v.UserId == userId).Select(v => (Guid?)v.PollOptionId).SingleOrDefaultAsync(cancellationToken);
        if (previous == optionId) return VoteOutcome.Counted;
        if (previous is { } old)
        {
            // Moving a vote touches two option rows; lock them in id order, or two people
            // swapping between the same options deadlock each other.
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM poll_options WHERE id IN ({old}, {optionId}) ORDER BY id FOR UPDATE", cancellationToken);
            await db.PollVotes.Where(v => v.PollId == pollId && v.UserId == userId)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.PollOptionId, optionId).SetProperty(v => v.CreatedAt, now), cancellationToken);
            await db.PollOptions.Where(o => o.Id == old).ExecuteUpdateAsync(set => set.SetProperty(o => o.VoteCount, o => o.VoteCount - 1), cancellationToken);
        }
        else
        {
            db.PollVotes.Add(new PollVote(pollId, userId, optionId, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        await db.PollOptions.Where(o => o.Id == optionId).ExecuteUpdateAsync(set => set.SetProperty(o => o.VoteCount, o => o.VoteCount + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        feed.MarkChanged(pollId, poll.StreamId);
        return VoteOutcome.Counted;
    }

    /// <summary>Ends a poll (idempotent): final tallies go to the room and out as PollEnded. Returns null when there is no such poll.</summary>
    public async Task<PollView?> EndAsync(Guid pollId, CancellationToken cancellationToken)
    {
        PollView view;
        var endedNow = false;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var poll = (await db.Polls.FromSql($"SELECT * FROM polls WHERE id = {pollId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
            if (poll is null) return null;
            await db.Entry(poll).Collection(p => p.Options).LoadAsync(cancellationToken);
            if (poll.Status == PollStatuses.Active)
            {
                poll.End(clock.GetUtcNow().UtcDateTime);
                var channelId = await db.StreamReplicas.Where(s => s.StreamId == poll.StreamId).Select(s => s.ChannelId).SingleAsync(cancellationToken);
                db.AddEvent(new PollEnded(poll.Id, poll.StreamId, channelId, poll.Question,
                    poll.Options.Select(o => new PollResult(o.Id, o.Text, o.VoteCount)).ToList(), poll.EndedAt!.Value));
                await db.SaveChangesAsync(cancellationToken);
                endedNow = true;
            }
            await transaction.CommitAsync(cancellationToken);
            view = ToView(poll);
        }
        if (endedNow) await hub.Clients.Group(ChatRoom.RoomName(view.StreamId)).PollEnded(view);
        return view;
    }

    /// <summary>The poll running in a stream's room now, if any: what a viewer joining mid-poll needs to vote.</summary>
    public async Task<PollView?> RunningAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var poll = await RunningPollOf(db, streamId, cancellationToken);
        return poll is null ? null : ToView(poll);
    }

    // Every viewer joining a room asks this: translated once.
    private static readonly Func<ChatDbContext, Guid, CancellationToken, Task<Poll?>> RunningPollOf =
        EF.CompileAsyncQuery((ChatDbContext db, Guid streamId, CancellationToken _) => db.Polls.AsNoTracking().Include(p => p.Options)
            .Where(p => p.StreamId == streamId && p.Status == PollStatuses.Active).OrderByDescending(p => p.CreatedAt).FirstOrDefault());

    public static PollView ToView(Poll poll)
    {
        var options = poll.Options.Select(o => new PollOptionView(o.Id, o.Text, o.VoteCount)).ToList();
        return new PollView(poll.Id, poll.StreamId, poll.Question, poll.Status, options, options.Sum(o => o.VoteCount), poll.CreatedAt, poll.ClosesAt, poll.EndedAt);
    }
}

/// <summary>Which polls got votes since the last push; the feed worker sends their tallies.</summary>
public sealed class PollTallyFeed
{
    private readonly ConcurrentDictionary<Guid, Guid> _changed = new();

    public void MarkChanged(Guid pollId, Guid streamId) => _changed[pollId] = streamId;

    public IReadOnlyList<(Guid PollId, Guid StreamId)> TakeChanged()
    {
        var taken = new List<(Guid, Guid)>();
        foreach (var pollId in _changed.Keys)
        {
            if (_changed.TryRemove(pollId, out var streamId)) taken.Add((pollId, streamId));
        }
        return taken;
    }
}
