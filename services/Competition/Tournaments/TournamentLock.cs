using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Tournaments;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Tournaments;

internal static class TournamentLock
{
    /// <summary>
    /// Loads the tournament with its row locked until the caller's transaction ends. Every
    /// change to a tournament (a join, a start, a result) takes this lock first, so they happen
    /// one after another: 100 joins at once fill 32 places exactly, and of two conflicting
    /// results one is recorded and the other finds it.
    /// </summary>
    public static Task<Tournament?> LockAsync(this CompetitionDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Tournaments.FromSql($"SELECT * FROM tournaments WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}
