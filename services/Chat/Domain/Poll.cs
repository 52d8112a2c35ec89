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
        // Ids a millisecond apart: version-7 ids then sort in the order the options were given.
        _options.AddRange(options.Select((text, i) => new PollOption(Guid.CreateVersion7(new DateTimeOffset(now).AddMilliseconds(i)), id, text)));
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    public string Question { get; private set; } = "";
    public int? DurationSeconds { get; private set; }
    public string Status { get; private set; } = PollStatuses.Active;
    public DateTime CreatedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    /// <summary>In the order they were given (by id; the table has no position column).</summary>
    public IReadOnlyList<PollOption> Options => _options.OrderBy(o => o.Id.ToString("N"), StringComparer.Ordinal).ToList();

    /// <summary>When the poll closes by itself, if it has a duration.</summary>
    public DateTime? ClosesAt => DurationSeconds is { } seconds ? CreatedAt.AddSeconds(seconds) : null;

    public bool IsOpenAt(DateTime now) => Status == PollStatuses.Active && !(ClosesAt <= now);

    /// <summary>Whether a vote for <paramref name="optionId"/> may be cast now (the tally itself is moved atomically in the database).</summary>
    public bool Accepts(Guid optionId, DateTime now) => IsOpenAt(now) && _options.Any(o => o.Id == optionId);

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

    public PollVote(Guid pollId, Guid userId, Guid pollOptionId, DateTime at)
    {
        PollId = pollId;
        UserId = userId;
        PollOptionId = pollOptionId;
        CreatedAt = at;
    }

    /// <summary>Not in schema.sql: with it, "one vote per user per poll" is a unique index rather than a hope.</summary>
    public Guid PollId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid PollOptionId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
