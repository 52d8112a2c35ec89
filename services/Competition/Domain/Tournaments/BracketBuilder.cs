namespace AeThexLive.Competition.Domain.Tournaments;

/// <summary>
/// Lays out a tournament's matches once its seeds are fixed. Elimination brackets use standard
/// seeding (1 v 16, 8 v 9, 4 v 13, …): seeds 1 and 2 sit in opposite halves and can meet only
/// in the final, and when the field is not a power of two the missing places are byes, which
/// fall to the top seeds (seed s meets seed size+1−s, so a bye never meets a bye). Round robins
/// use the circle method: everyone meets everyone once, in n−1 rounds (n if n is odd).
/// </summary>
public static class BracketBuilder
{
    /// <param name="seeded">Participants by seed: index 0 is seed 1.</param>
    public static List<TournamentMatch> Build(Guid tournamentId, string format, IReadOnlyList<Guid> seeded, bool thirdPlaceMatch, DateTime at)
    {
        if (seeded.Count < 2) throw new ArgumentException("A tournament needs at least two participants.", nameof(seeded));
        var matches = format switch
        {
            TournamentFormats.SingleElimination => SingleElimination(tournamentId, seeded, thirdPlaceMatch),
            TournamentFormats.DoubleElimination => DoubleElimination(tournamentId, seeded),
            TournamentFormats.RoundRobin => RoundRobin(tournamentId, seeded),
            _ => throw new ArgumentException($"Unknown format '{format}'.", nameof(format)),
        };
        // Byes advance their opponent at once. Deeper in a double-elimination bracket the losers of
        // two bye matches would meet as bye v bye: such a match decides nothing and is left out.
        new Bracket(matches, new HashSet<Guid>()).Settle(at);
        matches.RemoveAll(m => m.IsCompleted && m.WinnerId is null);
        return matches;
    }

    /// <summary>Seeds in bracket order for a bracket of <paramref name="size"/> (a power of two): 1, 8, 4, 5, 2, 7, 3, 6 for 8.</summary>
    public static int[] StandardOrder(int size)
    {
        var order = new List<int> { 1 };
        while (order.Count < size)
        {
            var next = order.Count * 2;
            order = order.SelectMany(seed => new[] { seed, next + 1 - seed }).ToList();
        }
        return [.. order];
    }

    public static int BracketSize(int participants) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)participants);

    private static List<TournamentMatch> SingleElimination(Guid tournamentId, IReadOnlyList<Guid> seeded, bool thirdPlaceMatch)
    {
        var layout = new Layout(tournamentId);
        var winners = layout.WinnersBracket(seeded, stage: round => 10 * round);
        var rounds = winners.Count;
        if (thirdPlaceMatch && rounds >= 2)
        {
            var third = layout.Add(BracketParts.ThirdPlace, rounds, 1, stage: 10 * (rounds - 1) + 5);
            winners[rounds - 2][0].FeedLoserTo(third.Number, 1);
            winners[rounds - 2][1].FeedLoserTo(third.Number, 2);
        }
        return layout.Matches;
    }

    /// <summary>
    /// Winners' bracket as in single elimination; a first loss drops a participant into the
    /// losers' bracket (2·(rounds−1) rounds: odd rounds pair its own survivors, even rounds take
    /// the next winners' round's losers, alternately in reverse order so rematches come late);
    /// the grand final sets the winners' champion against the losers' champion, with a reset
    /// match if the losers' side wins it (both then have one loss).
    /// </summary>
    private static List<TournamentMatch> DoubleElimination(Guid tournamentId, IReadOnlyList<Guid> seeded)
    {
        var layout = new Layout(tournamentId);
        var winners = layout.WinnersBracket(seeded, stage: round => round);
        var rounds = winners.Count;
        var size = BracketSize(seeded.Count);
        var losers = new List<List<TournamentMatch>>();
        for (var round = 1; round <= 2 * (rounds - 1); round++)
        {
            var count = size >> ((round + 1) / 2 + 1);
            var matches = Enumerable.Range(1, count).Select(p => layout.Add(BracketParts.Losers, round, p, stage: 100 + 10 * round)).ToList();
            for (var p = 1; p <= count; p++)
            {
                var match = matches[p - 1];
                if (round == 1)
                {
                    winners[0][2 * p - 2].FeedLoserTo(match.Number, 1);
                    winners[0][2 * p - 1].FeedLoserTo(match.Number, 2);
                }
                else if (round % 2 == 0)
                {
                    var k = round / 2;
                    losers[^1][p - 1].FeedWinnerTo(match.Number, 1);
                    winners[k][k % 2 == 1 ? count - p : p - 1].FeedLoserTo(match.Number, 2);
                }
                else
                {
                    losers[^1][2 * p - 2].FeedWinnerTo(match.Number, 1);
                    losers[^1][2 * p - 1].FeedWinnerTo(match.Number, 2);
                }
            }
            losers.Add(matches);
        }
        var grandFinal = layout.Add(BracketParts.GrandFinal, 1, 1, stage: 10_000);
        winners[^1][0].FeedWinnerTo(grandFinal.Number, 1);
        // With two participants there is no losers' bracket: the first match's loser goes straight to the grand final.
        if (losers.Count == 0) winners[0][0].FeedLoserTo(grandFinal.Number, 2);
        else losers[^1][0].FeedWinnerTo(grandFinal.Number, 2);
        layout.Add(BracketParts.GrandFinalReset, 2, 1, stage: 10_001);
        return layout.Matches;
    }

    private static List<TournamentMatch> RoundRobin(Guid tournamentId, IReadOnlyList<Guid> seeded)
    {
        var layout = new Layout(tournamentId);
        var seats = seeded.Count % 2 == 0 ? seeded.Count : seeded.Count + 1;
        // Seat i holds seed i+1; a seat past the field is the "sits out this round" seat.
        var circle = Enumerable.Range(0, seats).ToList();
        for (var round = 1; round < seats; round++)
        {
            var position = 0;
            for (var i = 0; i < seats / 2; i++)
            {
                var (a, b) = (circle[i], circle[seats - 1 - i]);
                if (a >= seeded.Count || b >= seeded.Count) continue;
                var match = layout.Add(BracketParts.RoundRobin, round, ++position, stage: 0);
                match.Place(1, seeded[Math.Min(a, b)], bye: false);
                match.Place(2, seeded[Math.Max(a, b)], bye: false);
            }
            // Seat 0 stays; the others move one place round the circle.
            var last = circle[^1];
            circle.RemoveAt(seats - 1);
            circle.Insert(1, last);
        }
        return layout.Matches;
    }

    private sealed class Layout(Guid tournamentId)
    {
        public List<TournamentMatch> Matches { get; } = [];

        public TournamentMatch Add(string bracket, int round, int position, int stage)
        {
            var match = new TournamentMatch(Guid.CreateVersion7(), tournamentId, Matches.Count + 1, bracket, round, position, stage);
            Matches.Add(match);
            return match;
        }

        /// <summary>The winners' bracket by round (index 0 = round 1), seeds placed in standard order, byes for the seeds past the field.</summary>
        public List<List<TournamentMatch>> WinnersBracket(IReadOnlyList<Guid> seeded, Func<int, int> stage)
        {
            var size = BracketSize(seeded.Count);
            var order = StandardOrder(size);
            var rounds = new List<List<TournamentMatch>>();
            for (var round = 1; size >> round >= 1; round++)
            {
                rounds.Add(Enumerable.Range(1, size >> round).Select(p => Add(BracketParts.Winners, round, p, stage(round))).ToList());
            }
            for (var r = 0; r < rounds.Count - 1; r++)
            {
                for (var p = 0; p < rounds[r].Count; p++) rounds[r][p].FeedWinnerTo(rounds[r + 1][p / 2].Number, p % 2 + 1);
            }
            for (var p = 0; p < rounds[0].Count; p++)
            {
                PlaceSeed(rounds[0][p], 1, order[2 * p], seeded);
                PlaceSeed(rounds[0][p], 2, order[2 * p + 1], seeded);
            }
            return rounds;
        }

        private static void PlaceSeed(TournamentMatch match, int slot, int seed, IReadOnlyList<Guid> seeded) =>
            match.Place(slot, seed <= seeded.Count ? seeded[seed - 1] : null, bye: seed > seeded.Count);
    }
}
