using AeThexLive.Payments.Data;
using AeThexLive.TestSupport;

namespace AeThexLive.Payments.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PaymentsSliceTests(LocalPostgres postgres) : ServiceSliceTests<PaymentsDbContext>(postgres)
{
    protected override string DatabaseName => "paymentsdb";

    protected override IReadOnlyDictionary<string, string[]> SchemaIndexes { get; } = new Dictionary<string, string[]>
    {
        ["subscriptions"] = ["idx_subscriptions_channel_id", "idx_subscriptions_status"],
        ["donations"] = ["idx_donations_channel_id"],
    };
}
