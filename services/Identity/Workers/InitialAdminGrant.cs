using AeThexLive.Identity.Data;
using AeThexLive.Identity.Security;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Identity.Workers;

/// <summary>
/// Makes the configured initial admin an admin at start-up when the account already exists
/// (registration grants it when it does not yet). Granting twice is harmless.
/// </summary>
public sealed partial class InitialAdminGrant(
    IServiceScopeFactory scopes, IOptions<AccountOptions> options, TimeProvider clock, ILogger<InitialAdminGrant> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var username = options.Value.InitialAdmin?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(username)) return;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var user = await db.Users.Include(u => u.GrantedRoles).SingleOrDefaultAsync(u => u.Username == username, cancellationToken);
        if (user is null || !user.Grant(Roles.Admin, clock.GetUtcNow().UtcDateTime)) return;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogGranted(username);
        }
        catch (DbUpdateException)
        {
            // Another replica granted it at the same moment.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Granted admin to the initial admin {Username}")]
    private partial void LogGranted(string username);
}
