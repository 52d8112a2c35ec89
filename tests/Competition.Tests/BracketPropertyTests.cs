using AeThexLive.Competition.Domain.Tournaments;

namespace AeThexLive.Competition.Tests;

/// <summary>
/// Properties of every bracket from 2 to 256 participants, each field played out at random
/// (fixed seeds, so a failure repeats) with corrections along the way: byes go to the top
/// seeds and never meet each other, seeds 1 and 2 can only meet in the final, and at the end
/// everyone has exactly one placement, given as competition ranks.
/// </summary>
public sealed class BracketPropertyTests
{
    public static TheoryData<string, bool> EliminationFormats => new()
    {
        { TournamentFormats.SingleElimination, false },
        { TournamentFormats.SingleElimination, true },
        { TournamentFormats.DoubleElimination, false },
    };

    [Theory]
    [MemberData(nameof(EliminationFormats))]
    public void Byes_go_to_the_top_seeds_and_never_meet_each_other(string format, bool thirdPlace)
    {
        for (var n = 2; n <= 256; n++)
        {
            var play = new BracketPlay(format, n, thirdPlace);
            var size = BracketBuilder.BracketSize(n);
            var firstRound = play.Matches.Where(m => m.Bracket == BracketParts.Winners && m.Round == 1).ToList();
            Assert.True(firstRound.Count == size / 2, $"n={n}: {firstRound.Count} first-round matches");
            var withByes = firstRound.Where(m => m.IsBye).Select(m => play.SeedOf((m.Side1Bye ? m.Side2Id : m.Side1Id)!.Value)).Order().ToList();
            Assert.True(Enumerable.Range(1, size - n).SequenceEqual(withByes), $"n={n}: byes went to seeds {string.Join(",", withByes)}");
            Assert.True(play.Matches.All(m => !(m.Side1Bye && m.Side2Bye)), $"n={n}: a bye meets a bye");
            Assert.True(firstRound.All(m => m.IsBye == m.IsCompleted), $"n={n}: a bye is not decided at once, or a real match is");
        }
    }

    [Theory]
    [MemberData(nameof(EliminationFormats))]
    public void Seeds_one_and_two_meet_only_in_the_final_whoever_wins(string format, bool thirdPlace)
    {
        for (var n = 2; n <= 256; n++)
        {
            var chance = new Random(n);
            var play = new BracketPlay(format, n, thirdPlace);
            var played = play.PlayOut(m => chance.Next(2) == 0 ? m.Side1Id!.Value : m.Side2Id!.Value, chance);
            var finalRound = play.Matches.Where(m => m.Bracket == BracketParts.Winners).Max(m => m.Round);
            foreach (var match in played.Where(m => m.Involves(play.Seeds[0]) && m.Involves(play.Seeds[1])))
            {
                // Outside the winners' bracket they can only meet after both have lost: in the losers'
                // bracket or the grand final of a double elimination, or as the two semi-final losers.
                var isFinal = match.Bracket == BracketParts.Winners ? match.Round == finalRound
                    : format == TournamentFormats.DoubleElimination || match.Bracket == BracketParts.ThirdPlace;
                Assert.True(isFinal, $"n={n}: seeds 1 and 2 met in {match.Bracket} round {match.Round}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(EliminationFormats))]
    public void When_the_higher_seed_always_wins_seed_one_beats_seed_two_in_the_final(string format, bool thirdPlace)
    {
        for (var n = 2; n <= 256; n++)
        {
            var play = new BracketPlay(format, n, thirdPlace);
            var played = play.PlayOut(play.HigherSeed);
            var placements = play.Placements();
            Assert.True(placements[play.Seeds[0]] == 1 && placements[play.Seeds[1]] == 2, $"n={n}: seeds 1 and 2 placed {placements[play.Seeds[0]]}, {placements[play.Seeds[1]]}");
            var final = played.Last(m => m.Bracket is BracketParts.Winners or BracketParts.GrandFinal);
            Assert.True(final.Involves(play.Seeds[0]) && final.Involves(play.Seeds[1]), $"n={n}: the final was not 1 v 2");
        }
    }

    [Theory]
    [MemberData(nameof(EliminationFormats))]
    public void Played_out_at_random_with_corrections_everyone_is_placed_once(string format, bool thirdPlace)
    {
        for (var n = 2; n <= 256; n++)
        {
            var chance = new Random(1_000 + n);
            var play = new BracketPlay(format, n, thirdPlace);
            play.PlayOut(m => chance.Next(2) == 0 ? m.Side1Id!.Value : m.Side2Id!.Value, chance, correctionRate: 0.05);

            Assert.True(play.Bracket.IsFinished, $"n={n}: not finished");
            var placements = play.Placements();
            Assert.Equal(n, placements.Count);
            AssertCompetitionRanks(placements.Values, n);
            Assert.True(placements.Values.Count(p => p == 1) == 1 && placements.Values.Count(p => p == 2) == 1, $"n={n}: one champion and one runner-up");
            if (format == TournamentFormats.SingleElimination) AssertSingleEliminationPlaces(placements.Values, n, thirdPlace);
            var decided = play.Matches.Count(m => m.IsCompleted && !m.IsBye);
            if (format == TournamentFormats.SingleElimination)
            {
                Assert.Equal(n - 1 + (thirdPlace && n >= 4 ? 1 : 0), decided);
            }
            else
            {
                Assert.InRange(decided, 2 * n - 2, 2 * n - 1);
            }
        }
    }

    [Fact]
    public void A_round_robin_pairs_everyone_with_everyone_once_one_match_a_round()
    {
        for (var n = 2; n <= 64; n++)
        {
            var play = new BracketPlay(TournamentFormats.RoundRobin, n);
            var pairs = play.Matches.Select(m => (Math.Min(play.SeedOf(m.Side1Id!.Value), play.SeedOf(m.Side2Id!.Value)),
                Math.Max(play.SeedOf(m.Side1Id!.Value), play.SeedOf(m.Side2Id!.Value)))).ToList();
            Assert.Equal(n * (n - 1) / 2, pairs.Distinct().Count());
            Assert.Equal(pairs.Count, pairs.Distinct().Count());
            Assert.Equal(n % 2 == 0 ? n - 1 : n, play.Matches.Max(m => m.Round));
            foreach (var round in play.Matches.GroupBy(m => m.Round))
            {
                var sides = round.SelectMany(m => new[] { m.Side1Id, m.Side2Id }).ToList();
                Assert.Equal(sides.Count, sides.Distinct().Count());
            }

            var chance = new Random(n);
            play.PlayOut(m => chance.Next(2) == 0 ? m.Side1Id!.Value : m.Side2Id!.Value, chance);
            var placements = play.Placements();
            AssertCompetitionRanks(placements.Values, n);
            var wins = play.Seeds.ToDictionary(p => p, p => play.Matches.Count(m => m.WinnerId == p));
            foreach (var (participant, place) in placements) Assert.Equal(1 + wins.Values.Count(w => w > wins[participant]), place);
        }
    }

    /// <summary>Each placement p is held by participants with exactly p − 1 others placed above them.</summary>
    private static void AssertCompetitionRanks(IEnumerable<int> placements, int n)
    {
        var all = placements.ToList();
        foreach (var place in all.Distinct()) Assert.True(place == 1 + all.Count(p => p < place), $"n={n}: placement {place} is not a competition rank");
    }

    /// <summary>1, 2, then 3–4 (or 3 and 4 after a third-place match), 5–8, …: losers of a round share the place after everyone who went further.</summary>
    private static void AssertSingleEliminationPlaces(IEnumerable<int> placements, int n, bool thirdPlace)
    {
        var size = BracketBuilder.BracketSize(n);
        var expected = new List<int> { 1 };
        if (n >= 2) expected.Add(2);
        for (var survivors = 2; survivors < size; survivors *= 2)
        {
            var losers = survivors == size / 2 ? n - size / 2 : survivors;
            if (survivors == 2 && thirdPlace)
            {
                expected.Add(3);
                if (losers == 2) expected.Add(4);
            }
            else
            {
                expected.AddRange(Enumerable.Repeat(survivors + 1, losers));
            }
        }
        Assert.Equal(expected.Order(), placements.Order());
    }
}
