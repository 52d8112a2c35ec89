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
        var user = await Db.Users.SingleOrDefaultAsync(u => u.Id == message.OwnerId, context.CancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null || !user.BecomeCreator(now)) return;
        Db.AddEvent(new UserProfileUpdated(user.Id, user.Username, user.DisplayName, user.AvatarUrl, user.IsCreator, user.Verified, now));
    }
}
