namespace AeThexLive.Chat.Domain;

public static class PollStatuses
{
    public const string Active = "active";
    public const string Ended = "ended";
}

public sealed class Poll
{
    private readonly List<PollOption> _options = [];

    private Poll() { }

    public Poll(Guid id, Guid streamId, string question, IEnumerable<string> options, int? durationSeconds, DateTime now)
    {
        Id = id;
        StreamId = streamId;
        Question = question;
        DurationSeconds = durationSeconds;
        CreatedAt = now;
        _options.AddRange(options.Select(text => new PollOption(Guid.CreateVersion7(), id, text)));
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    public string Question { get; private set; } = "";
    public int? DurationSeconds { get; private set; }
    public string Status { get; private set; } = PollStatuses.Active;
    public DateTime CreatedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public IReadOnlyCollection<PollOption> Options => _options;

    /// <summary>When the poll closes by itself, if it has a duration.</summary>
    public DateTime? ClosesAt => DurationSeconds is { } seconds ? CreatedAt.AddSeconds(seconds) : null;

    public bool IsOpenAt(DateTime now) => Status == PollStatuses.Active && !(ClosesAt <= now);

    /// <summary>
    /// Records <paramref name="userId"/>'s vote. The vote row's key refuses a second vote for
    /// the same option; the count itself should be raised in the database (atomically) by the caller
    /// that saves the vote, so concurrent votes are never lost.
    /// </summary>
    public PollVote Vote(Guid userId, Guid optionId, DateTime now)
    {
        if (!IsOpenAt(now)) throw new InvalidOperationException("The poll is closed.");
        var option = _options.FirstOrDefault(o => o.Id == optionId)
            ?? throw new ArgumentException("The option is not part of this poll.", nameof(optionId));
        return new PollVote(userId, option.Id, now);
    }

    public void End(DateTime at)
    {
        if (Status == PollStatuses.Ended) return;
        Status = PollStatuses.Ended;
        EndedAt = ClosesAt is { } closes && closes < at ? closes : at;
    }
}

public sealed class PollOption
{
    private PollOption() { }

    public PollOption(Guid id, Guid pollId, string text)
    {
        Id = id;
        PollId = pollId;
        Text = text;
    }

    public Guid Id { get; private set; }
    public Guid PollId { get; private set; }
    /// <summary>Column <c>option</c>.</summary>
    public string Text { get; private set; } = "";
    public int VoteCount { get; private set; }
}

public sealed class PollVote
{
    private PollVote() { }

    public PollVote(Guid userId, Guid pollOptionId, DateTime at)
    {
        UserId = userId;
        PollOptionId = pollOptionId;
        CreatedAt = at;
    }

    public Guid UserId { get; private set; }
    public Guid PollOptionId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
