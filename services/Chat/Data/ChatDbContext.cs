using AeThexLive.Chat.Domain;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Data;

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<ChatBan> ChatBans => Set<ChatBan>();
    public DbSet<ModerationReport> ModerationQueue => Set<ModerationReport>();
    public DbSet<Poll> Polls => Set<Poll>();
    public DbSet<PollOption> PollOptions => Set<PollOption>();
    public DbSet<PollVote> PollVotes => Set<PollVote>();
    public DbSet<ChatReaction> ChatReactions => Set<ChatReaction>();
    public DbSet<ChannelModerator> ChannelModerators => Set<ChannelModerator>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();
    public DbSet<LiveStreamReplica> StreamReplicas => Set<LiveStreamReplica>();
    public DbSet<ChannelReplica> ChannelReplicas => Set<ChannelReplica>();
    public DbSet<ChatSettings> ChatSettings => Set<ChatSettings>();
    public DbSet<ChannelFollowerReplica> ChannelFollowers => Set<ChannelFollowerReplica>();
    public DbSet<SubscriberReplica> SubscriberReplicas => Set<SubscriberReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<ChatDbContext>;
