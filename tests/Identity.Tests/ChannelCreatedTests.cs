using AeThexLive.Contracts.Streaming;
using AeThexLive.Identity.Consumers;
using AeThexLive.Identity.Data;
using AeThexLive.ServiceDefaults;
using AeThexLive.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ChannelCreatedTests(LocalPostgres postgres)
{
    [Fact]
    public async Task A_first_channel_makes_its_owner_a_creator_once_however_often_the_event_arrives()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var owner = await database.AddUserAsync("soon_a_creator");
        await using var provider = new ServiceCollection()
            .AddDbContext<IdentityDbContext>(o => o.UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention())
            .AddSingleton<TimeProvider>(database.Clock)
            .AddMassTransitTestHarness(bus => bus.AddConsumer<ChannelCreatedConsumer>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        var messageId = NewId.NextGuid();
        var created = new ChannelCreated(Guid.NewGuid(), owner.Id, "night-owl", "Night Owl", DateTime.UtcNow);
        await harness.Bus.Publish(created, context => context.MessageId = messageId);
        await harness.Bus.Publish(created, context => context.MessageId = messageId);
        await harness.Bus.Publish(created with { ChannelId = Guid.NewGuid(), Slug = "second" });

        // The harness lists received messages by id, so wait for the bus to go quiet instead of counting.
        await harness.InactivityTask;
        Assert.False(harness.Published.Select<Fault<ChannelCreated>>().Any());
        await using var db = database.Context();
        var user = await db.Users.Include(u => u.GrantedRoles).SingleAsync();
        Assert.True(user.IsCreator);
        Assert.Equal([Roles.Creator], user.Roles);
        Assert.Equal(2, await db.ProcessedMessages.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.MessageType.Contains(".UserProfileUpdated,")));
        await harness.Stop();
    }
}
