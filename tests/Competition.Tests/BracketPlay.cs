using AeThexLive.Competition.Domain.Tournaments;

namespace AeThexLive.Competition.Tests;

/// <summary>A bracket built for made-up participants, played by a rule or by chance, in memory.</summary>
internal sealed class BracketPlay
{
    private static readonly DateTime At = new(2026, 11, 25, 20, 0, 0, DateTimeKind.Utc);

    public BracketPlay(string format, int participants, bool thirdPlaceMatch = false)
    {
        Seeds = Enumerable.Range(0, participants).Select(_ => Guid.NewGuid()).ToList();
        Matches = BracketBuilder.Build(Guid.NewGuid(), format, Seeds, thirdPlaceMatch, At);
        Bracket = new Bracket(Matches, Withdrawn);
    }

    /// <summary>Participants by seed: index 0 is seed 1.</summary>
    public List<Guid> Seeds { get; }
    public List<TournamentMatch> Matches { get; }
    public HashSet<Guid> Withdrawn { get; } = [];
    public Bracket Bracket { get; }

    public int SeedOf(Guid participant) => Seeds.IndexOf(participant) + 1;

    public IEnumerable<TournamentMatch> Ready => Matches.Where(m => m.Status == MatchStatuses.Ready).OrderBy(m => m.Number);

    public ReportResult Report(TournamentMatch match, Guid winner, bool correction = false) =>
        Bracket.Report(match, winner, null, null, correction, At);

    /// <summary>Plays ready matches until none is left, the winner picked by <paramref name="pick"/>; returns the matches played.</summary>
    public List<TournamentMatch> PlayOut(Func<TournamentMatch, Guid> pick, Random? chance = null, double correctionRate = 0)
    {
        var played = new List<TournamentMatch>();
        for (var guard = 0; guard < 100_000; guard++)
        {
            if (chance is not null && chance.NextDouble() < correctionRate)
            {
                var done = Matches.Where(m => m.IsCompleted && !m.IsBye && !m.Forfeit).ToList();
                if (done.Count > 0)
                {
                    var corrected = done[chance.Next(done.Count)];
                    var other = corrected.WinnerId == corrected.Side1Id ? corrected.Side2Id!.Value : corrected.Side1Id!.Value;
                    var result = Report(corrected, other, correction: true);
                    if (result.Outcome != ReportOutcome.Corrected) throw new InvalidOperationException($"Correction gave {result.Outcome}.");
                }
            }
            var ready = Ready.ToList();
            if (ready.Count == 0) return played;
            var match = chance is null ? ready[0] : ready[chance.Next(ready.Count)];
            var outcome = Report(match, pick(match)).Outcome;
            if (outcome != ReportOutcome.Recorded) throw new InvalidOperationException($"Reporting a ready match gave {outcome}.");
            played.Add(match);
        }
        throw new InvalidOperationException("The bracket never finished.");
    }

    public Guid HigherSeed(TournamentMatch match) => SeedOf(match.Side1Id!.Value) < SeedOf(match.Side2Id!.Value) ? match.Side1Id!.Value : match.Side2Id!.Value;

    public Dictionary<Guid, int> Placements() => Bracket.Placements(Seeds);
}
