namespace AeThexLive.Competition.Domain.Tournaments;

/// <summary>
/// One match of a bracket. Its two sides are filled as the matches feeding it finish (a side is
/// a participant, or a bye when the field is not a power of two); its result feeds the matches
/// named by <see cref="WinnerTo"/> and <see cref="LoserTo"/> (match numbers, which only ever
/// point forward, so walking matches by number follows the bracket's order).
/// </summary>
public sealed class TournamentMatch
{
    private TournamentMatch() { }

    public TournamentMatch(Guid id, Guid tournamentId, int number, string bracket, int round, int position, int stage)
    {
        Id = id;
        TournamentId = tournamentId;
        Number = number;
        Bracket = bracket;
        Round = round;
        Position = position;
        Stage = stage;
    }

    public Guid Id { get; private set; }
    public Guid TournamentId { get; private set; }
    public int Number { get; private set; }
    public string Bracket { get; private set; } = "";
    public int Round { get; private set; }
    public int Position { get; private set; }
    /// <summary>How far into the tournament this match is: a participant's last match ranks them (placements).</summary>
    public int Stage { get; private set; }

    public Guid? Side1Id { get; private set; }
    public bool Side1Bye { get; private set; }
    public Guid? Side2Id { get; private set; }
    public bool Side2Bye { get; private set; }

    public int? WinnerTo { get; private set; }
    public int? WinnerToSlot { get; private set; }
    public int? LoserTo { get; private set; }
    public int? LoserToSlot { get; private set; }

    public string Status { get; private set; } = MatchStatuses.Pending;
    public Guid? WinnerId { get; private set; }
    public int? Score1 { get; private set; }
    public int? Score2 { get; private set; }
    /// <summary>Decided without being played: a withdrawn side forfeits.</summary>
    public bool Forfeit { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    public bool IsCompleted => Status == MatchStatuses.Completed;
    public bool IsBye => Side1Bye || Side2Bye;
    public bool HasSide(int slot) => slot == 1 ? Side1Id is not null || Side1Bye : Side2Id is not null || Side2Bye;
    public bool BothSidesKnown => HasSide(1) && HasSide(2);
    public Guid? SideId(int slot) => slot == 1 ? Side1Id : Side2Id;
    public bool Involves(Guid participantId) => Side1Id == participantId || Side2Id == participantId;

    public Guid? LoserId => !IsCompleted || WinnerId is null ? null : WinnerId == Side1Id ? Side2Id : Side1Id;

    internal void FeedWinnerTo(int number, int slot) => (WinnerTo, WinnerToSlot) = (number, slot);

    internal void FeedLoserTo(int number, int slot) => (LoserTo, LoserToSlot) = (number, slot);

    internal void Place(int slot, Guid? participantId, bool bye)
    {
        if (slot == 1) (Side1Id, Side1Bye) = (participantId, bye);
        else (Side2Id, Side2Bye) = (participantId, bye);
    }

    internal void ClearSide(int slot) => Place(slot, null, bye: false);

    internal void Complete(Guid? winnerId, int? score1, int? score2, bool forfeit, DateTime at)
    {
        Status = MatchStatuses.Completed;
        WinnerId = winnerId;
        (Score1, Score2) = (score1, score2);
        Forfeit = forfeit;
        CompletedAt = at;
    }

    /// <summary>Back to not played: the result is gone, the status follows from the sides.</summary>
    internal void Reopen()
    {
        WinnerId = null;
        (Score1, Score2) = (null, null);
        Forfeit = false;
        CompletedAt = null;
        Status = BothSidesKnown ? MatchStatuses.Ready : MatchStatuses.Pending;
    }

    internal void MarkWaiting() => Status = BothSidesKnown ? MatchStatuses.Ready : MatchStatuses.Pending;

    internal void Skip()
    {
        Reopen();
        (Side1Id, Side1Bye, Side2Id, Side2Bye) = (null, false, null, false);
        Status = MatchStatuses.Skipped;
    }
}
