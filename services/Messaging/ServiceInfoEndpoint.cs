using System.Reflection;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging;

public sealed record MigrationLevel(string? Current, int Applied, int Pending);

public sealed record ServiceInfo(string Name, string Version, string Database, MigrationLevel Migrations);

public static class ServiceInfoEndpoint
{
    /// <summary>
    /// GET /api/{service}/info: who answers, which build, and how far its database is migrated
    /// (read live). For operators: admins only, since build and schema names help an attacker.
    /// </summary>
    public static IEndpointRouteBuilder MapServiceInfo<TDbContext>(this IEndpointRouteBuilder app, string serviceName)
        where TDbContext : DbContext
    {
        app.MapGet($"/api/{serviceName}/info", async Task<Ok<ServiceInfo>> (TDbContext db, CancellationToken cancellationToken) =>
            {
                var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
                var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
                return TypedResults.Ok(new ServiceInfo(
                    serviceName,
                    version,
                    db.Database.GetDbConnection().Database,
                    new MigrationLevel(applied.LastOrDefault(), applied.Count, pending)));
            })
            .WithName($"Get{char.ToUpperInvariant(serviceName[0])}{serviceName[1..]}Info")
            .WithSummary("Service name, version and database migration level")
            .WithTags("Operations")
            .RequireAuthorization(PlatformTokens.AdminPolicy);
        return app;
    }
}
