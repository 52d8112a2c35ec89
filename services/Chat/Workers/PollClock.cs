using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Workers;

/// <summary>
/// Four times a second: pushes fresh tallies of polls that got votes (PollUpdated), and ends
/// polls whose time is up or whose stream has ended. Ending takes the poll's row lock, so with several replicas each poll
/// still ends, and is announced, once.
/// </summary>
public sealed partial class PollClock(IServiceScopeFactory scopes, PollTallyFeed feed, IHubContext<ChatHub, IChatClient> hub, TimeProvider clock,
    ILogger<PollClock> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                await PushTalliesAsync(db, stoppingToken);
                await EndDuePollsAsync(db, scope.ServiceProvider.GetRequiredService<PollBox>(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTickFailed(ex);
            }
        }
    }

    private async Task PushTalliesAsync(ChatDbContext db, CancellationToken cancellationToken)
    {
        foreach (var (pollId, streamId) in feed.TakeChanged())
        {
            var poll = await db.Polls.AsNoTracking().Include(p => p.Options).SingleAsync(p => p.Id == pollId, cancellationToken);
            await hub.Clients.Group(ChatRoom.RoomName(streamId)).PollUpdated(PollBox.ToView(poll));
        }
    }

    private async Task EndDuePollsAsync(ChatDbContext db, PollBox polls, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Polls.AsNoTracking()
            .Where(p => p.Status == PollStatuses.Active
                        && ((p.DurationSeconds != null && p.CreatedAt.AddSeconds(p.DurationSeconds.Value) <= now)
                            || db.StreamReplicas.Any(s => s.StreamId == p.StreamId && !s.IsLive)))
            .Select(p => p.Id).ToListAsync(cancellationToken);
        foreach (var pollId in due) await polls.EndAsync(pollId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll tick failed; trying again")]
    private partial void LogTickFailed(Exception exception);
}
