namespace AeThexLive.Competition.Domain.Tournaments;

public enum ReportOutcome
{
    /// <summary>The result was recorded and the bracket moved on.</summary>
    Recorded,
    /// <summary>A different result replaced the recorded one; matches that depended on it were reset.</summary>
    Corrected,
    /// <summary>The same result was already recorded: nothing changed.</summary>
    Unchanged,
    /// <summary>A different result is already recorded and this report is not a correction.</summary>
    Conflict,
    /// <summary>The match's sides are not both known yet (or it will not be played).</summary>
    NotReady,
    /// <summary>The named winner does not play in this match.</summary>
    NotASide,
    /// <summary>A bye is decided by the bracket, not by a report.</summary>
    Bye,
}

public sealed record ReportResult(ReportOutcome Outcome, IReadOnlyList<TournamentMatch> Completed, IReadOnlyList<TournamentMatch> Reset);

/// <summary>
/// The rules that move a bracket along, over a tournament's matches in memory: results advance
/// winners (and losers, in double elimination) into the matches they feed; byes and forfeits of
/// withdrawn participants decide themselves; a corrected result resets the played matches that
/// depended on it, as start.gg's resetDependentSets does; placements come from how far each
/// participant got.
/// </summary>
public sealed class Bracket
{
    private readonly SortedList<int, TournamentMatch> _byNumber;
    private readonly ISet<Guid> _withdrawn;

    public Bracket(IEnumerable<TournamentMatch> matches, ISet<Guid> withdrawn)
    {
        _byNumber = new SortedList<int, TournamentMatch>(matches.ToDictionary(m => m.Number));
        _withdrawn = withdrawn;
    }

    public IEnumerable<TournamentMatch> Matches => _byNumber.Values;

    /// <summary>Every match is decided (or, for an unneeded grand-final reset, skipped).</summary>
    public bool IsFinished => _byNumber.Values.All(m => m.Status is MatchStatuses.Completed or MatchStatuses.Skipped);

    private bool IsRoundRobin => _byNumber.Values.Any(m => m.Bracket == BracketParts.RoundRobin);

    public ReportResult Report(TournamentMatch match, Guid winnerId, int? score1, int? score2, bool correction, DateTime at)
    {
        if (match.IsBye) return Nothing(ReportOutcome.Bye);
        if (match.IsCompleted)
        {
            if (match.WinnerId == winnerId && match.Score1 == score1 && match.Score2 == score2) return Nothing(ReportOutcome.Unchanged);
            if (!correction) return Nothing(ReportOutcome.Conflict);
            if (!match.Involves(winnerId)) return Nothing(ReportOutcome.NotASide);

            var reset = new List<TournamentMatch>();
            var previousWinner = match.WinnerId;
            match.Complete(winnerId, score1, score2, forfeit: false, at);
            if (previousWinner != winnerId) VacateOutputs(match, reset);
            Advance(match);
            var completed = Settle(at);
            completed.Insert(0, match);
            return new ReportResult(ReportOutcome.Corrected, completed, reset);
        }
        if (match.Status != MatchStatuses.Ready) return Nothing(ReportOutcome.NotReady);
        if (!match.Involves(winnerId)) return Nothing(ReportOutcome.NotASide);

        match.Complete(winnerId, score1, score2, forfeit: false, at);
        Advance(match);
        var decided = Settle(at);
        decided.Insert(0, match);
        return new ReportResult(ReportOutcome.Recorded, decided, []);
    }

    /// <summary>A participant withdrew after the start: each of their remaining matches is forfeited as it comes up.</summary>
    public List<TournamentMatch> Withdraw(Guid participantId, DateTime at)
    {
        _withdrawn.Add(participantId);
        return Settle(at);
    }

    /// <summary>
    /// Walks the matches in order and decides what needs no report: a bye advances the other
    /// side, a withdrawn side forfeits. Returns the matches decided by forfeit.
    /// </summary>
    public List<TournamentMatch> Settle(DateTime at)
    {
        var forfeited = new List<TournamentMatch>();
        foreach (var match in _byNumber.Values)
        {
            if (match.Status is MatchStatuses.Completed or MatchStatuses.Skipped) continue;
            if (!match.BothSidesKnown)
            {
                match.MarkWaiting();
                continue;
            }
            if (match.IsBye)
            {
                match.Complete(match.Side1Bye ? match.Side2Id : match.Side1Id, null, null, forfeit: false, at);
                Advance(match);
                continue;
            }
            var out1 = _withdrawn.Contains(match.Side1Id!.Value);
            var out2 = _withdrawn.Contains(match.Side2Id!.Value);
            if (out1 || out2)
            {
                match.Complete(out1 && !out2 ? match.Side2Id : match.Side1Id, null, null, forfeit: true, at);
                Advance(match);
                forfeited.Add(match);
                continue;
            }
            match.MarkWaiting();
        }
        return forfeited;
    }

    /// <summary>
    /// Final placements, competition style (equal places share a number and the next skips):
    /// in a bracket, by the last match each participant played and whether they won it, so the
    /// losers of one round share a place (3–4, 5–8, …) and a third-place match splits 3 and 4;
    /// in a round robin, by wins.
    /// </summary>
    public Dictionary<Guid, int> Placements(IEnumerable<Guid> participants)
    {
        var keys = participants.ToDictionary(p => p, p => IsRoundRobin ? Wins(p) : Progress(p));
        return keys.ToDictionary(k => k.Key, k => 1 + keys.Values.Count(other => other > k.Value));
    }

    private int Wins(Guid participant) => _byNumber.Values.Count(m => m.IsCompleted && m.WinnerId == participant);

    private int Progress(Guid participant)
    {
        var last = _byNumber.Values.Where(m => m.IsCompleted && !m.IsBye && m.Involves(participant)).MaxBy(m => m.Stage);
        return last is null ? 0 : 2 * last.Stage + (last.WinnerId == participant ? 1 : 0);
    }

    /// <summary>Puts the decided match's winner and loser where they go next.</summary>
    private void Advance(TournamentMatch match)
    {
        var winner = match.WinnerId;
        var loser = match.LoserId;
        if (match.WinnerTo is { } winnerTo) _byNumber[winnerTo].Place(match.WinnerToSlot!.Value, winner, bye: winner is null);
        if (match.LoserTo is { } loserTo) _byNumber[loserTo].Place(match.LoserToSlot!.Value, loser, bye: loser is null);
        if (match.Bracket == BracketParts.GrandFinal && ResetMatch() is { } reset)
        {
            // The losers' champion beating the winners' champion gives both one loss: they play again.
            if (winner == match.Side1Id)
            {
                reset.Skip();
            }
            else if (!reset.IsCompleted)
            {
                reset.Place(1, match.Side1Id, bye: false);
                reset.Place(2, match.Side2Id, bye: false);
                reset.MarkWaiting();
            }
        }
    }

    private TournamentMatch? ResetMatch() => _byNumber.Values.FirstOrDefault(m => m.Bracket == BracketParts.GrandFinalReset);

    /// <summary>Takes the match's old winner and loser out of the matches they had gone on to, resetting those already played.</summary>
    private void VacateOutputs(TournamentMatch match, List<TournamentMatch> reset)
    {
        if (match.WinnerTo is { } winnerTo) Vacate(_byNumber[winnerTo], match.WinnerToSlot!.Value, reset);
        if (match.LoserTo is { } loserTo) Vacate(_byNumber[loserTo], match.LoserToSlot!.Value, reset);
        if (match.Bracket == BracketParts.GrandFinal && ResetMatch() is { } resetMatch)
        {
            if (resetMatch.IsCompleted) reset.Add(resetMatch);
            resetMatch.Skip();
        }
    }

    private void Vacate(TournamentMatch target, int slot, List<TournamentMatch> reset)
    {
        if (target.IsCompleted)
        {
            if (!target.IsBye) reset.Add(target);
            VacateOutputs(target, reset);
            target.Reopen();
        }
        target.ClearSide(slot);
        target.MarkWaiting();
    }

    private static ReportResult Nothing(ReportOutcome outcome) => new(outcome, [], []);
}
