namespace AeThexLive.Contracts.Chat;

public sealed record PollResult(Guid OptionId, string Text, int Votes);

/// <summary>A poll closed (at its time or by hand) with its final tallies.</summary>
public sealed record PollEnded(Guid PollId, Guid StreamId, Guid ChannelId, string Question, IReadOnlyList<PollResult> Results, DateTime EndedAt);
