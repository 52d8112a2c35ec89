using AeThexLive.Identity.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class IdentitySliceTests(LocalPostgres postgres) : ServiceSliceTests<IdentityDbContext>(postgres)
{
    protected override string DatabaseName => "identitydb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
        ["users"] = ["idx_users_username", "idx_users_email"],
    };
}
