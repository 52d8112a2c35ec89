using AeThexLive.Competition.Domain.Tournaments;

namespace AeThexLive.Competition.Tests;

/// <summary>Corrections, the grand-final reset and withdrawals, step by step on small brackets.</summary>
public sealed class BracketScenarioTests
{
    [Fact]
    public void Standard_seeding_pairs_one_with_sixteen_eight_with_nine_four_with_thirteen()
    {
        Assert.Equal([1, 16, 8, 9, 4, 13, 5, 12, 2, 15, 7, 10, 3, 14, 6, 11], BracketBuilder.StandardOrder(16));
    }

    [Fact]
    public void A_correction_resets_the_played_matches_that_depended_on_it_and_nothing_else()
    {
        var play = new BracketPlay(TournamentFormats.SingleElimination, 8);
        var round1 = Round(play, 1);
        foreach (var match in round1) play.Report(match, play.HigherSeed(match));
        var round2 = Round(play, 2);
        foreach (var match in round2) play.Report(match, play.HigherSeed(match));

        // Seed 8 did beat seed 1 after all: the semi-final seed 1 won since is reset, the other stays.
        var upset = round1.Single(m => m.Involves(play.Seeds[0]));
        var result = play.Report(upset, play.Seeds[7], correction: true);

        Assert.Equal(ReportOutcome.Corrected, result.Outcome);
        var reset = Assert.Single(result.Reset);
        Assert.Equal(round2.Single(m => m.Involves(play.Seeds[3])).Id, reset.Id);
        Assert.Equal(MatchStatuses.Ready, reset.Status);
        Assert.True(reset.Involves(play.Seeds[7]) && !reset.Involves(play.Seeds[0]));
        Assert.True(round2.Single(m => m.Involves(play.Seeds[1])).IsCompleted);
        var final = Round(play, 3).Single();
        Assert.Equal(MatchStatuses.Pending, final.Status);
        Assert.True(final.HasSide(2) && !final.HasSide(1));
    }

    [Fact]
    public void Reporting_the_same_result_twice_changes_nothing_and_a_different_one_conflicts_unless_it_is_a_correction()
    {
        var play = new BracketPlay(TournamentFormats.SingleElimination, 4);
        var match = Round(play, 1)[0];
        var (one, other) = (match.Side1Id!.Value, match.Side2Id!.Value);

        Assert.Equal(ReportOutcome.Recorded, play.Report(match, one).Outcome);
        Assert.Equal(ReportOutcome.Unchanged, play.Report(match, one).Outcome);
        Assert.Equal(ReportOutcome.Conflict, play.Report(match, other).Outcome);
        Assert.Equal(one, match.WinnerId);
        Assert.Equal(ReportOutcome.NotReady, play.Report(Round(play, 2)[0], one).Outcome);
        Assert.Equal(ReportOutcome.Corrected, play.Report(match, other, correction: true).Outcome);
        Assert.Equal(other, match.WinnerId);
    }

    [Fact]
    public void The_losers_champion_winning_the_grand_final_forces_a_reset_match_and_the_winners_champion_winning_skips_it()
    {
        var play = new BracketPlay(TournamentFormats.DoubleElimination, 4);
        var grandFinal = play.Matches.Single(m => m.Bracket == BracketParts.GrandFinal);
        var reset = play.Matches.Single(m => m.Bracket == BracketParts.GrandFinalReset);
        play.PlayOut(m => m == grandFinal ? m.Side2Id!.Value : play.HigherSeed(m));

        Assert.True(reset.IsCompleted, "the reset match was played");
        Assert.True(reset.Involves(grandFinal.Side1Id!.Value) && reset.Involves(grandFinal.Side2Id!.Value));
        var placements = play.Placements();
        Assert.Equal(1, placements[reset.WinnerId!.Value]);
        Assert.Equal(2, placements[reset.LoserId!.Value]);

        // The grand final's result was wrong: the winners' champion won it, so no reset match is played.
        var result = play.Report(grandFinal, grandFinal.Side1Id!.Value, correction: true);
        Assert.Contains(result.Reset, m => m.Id == reset.Id);
        Assert.Equal(MatchStatuses.Skipped, reset.Status);
        Assert.True(play.Bracket.IsFinished);
        Assert.Equal(1, play.Placements()[grandFinal.Side1Id!.Value]);
    }

    [Fact]
    public void A_withdrawn_participant_forfeits_every_match_they_have_left()
    {
        var play = new BracketPlay(TournamentFormats.DoubleElimination, 8);
        var quitter = play.Seeds[2];
        var forfeited = play.Bracket.Withdraw(quitter, DateTime.UtcNow);
        var first = Assert.Single(forfeited);
        Assert.True(first.Forfeit && first.LoserId == quitter);

        var played = play.PlayOut(play.HigherSeed);
        Assert.DoesNotContain(played, m => m.Involves(quitter));
        var losses = play.Matches.Where(m => m.IsCompleted && m.LoserId == quitter).ToList();
        Assert.Equal(2, losses.Count);
        Assert.All(losses, m => Assert.True(m.Forfeit));
        Assert.True(play.Bracket.IsFinished);
    }

    [Fact]
    public void A_third_place_match_splits_the_semi_final_losers_into_three_and_four()
    {
        var play = new BracketPlay(TournamentFormats.SingleElimination, 8, thirdPlaceMatch: true);
        play.PlayOut(play.HigherSeed);
        var placements = play.Placements();
        Assert.Equal([1, 2, 3, 4, 5, 5, 5, 5], play.Seeds.Select(s => placements[s]));
    }

    private static List<TournamentMatch> Round(BracketPlay play, int round) =>
        play.Matches.Where(m => m.Bracket == BracketParts.Winners && m.Round == round).OrderBy(m => m.Position).ToList();
}
