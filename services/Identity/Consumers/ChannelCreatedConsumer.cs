using AeThexLive.Contracts.Identity;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Identity.Data;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Consumers;

/// <summary>A user's first channel makes them a creator; their next token carries the role.</summary>
public sealed class ChannelCreatedConsumer(IdentityDbContext db, TimeProvider clock) : InboxConsumer<ChannelCreated, IdentityDbContext>(db)
{
    protected override async Task HandleAsync(ChannelCreated message, ConsumeContext<ChannelCreated> context)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A conditional UPDATE rather than load-and-set: two channels created at once must not
        // both see "not yet a creator" and announce it twice.
        var became = await Db.Users.Where(u => u.Id == message.OwnerId && !u.IsCreator)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.IsCreator, true).SetProperty(u => u.UpdatedAt, now), context.CancellationToken);
        if (became == 0) return;

        var user = await Db.Users.AsNoTracking().SingleAsync(u => u.Id == message.OwnerId, context.CancellationToken);
        Db.AddEvent(new UserProfileUpdated(user.Id, user.Username, user.DisplayName, user.AvatarUrl, user.IsCreator, user.Verified, now));
    }
}
