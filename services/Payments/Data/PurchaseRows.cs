using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Data;

/// <summary>Reading a purchase (a donation or a gift) under a row lock, whichever table it lives in.</summary>
internal static class PurchaseRows
{
    /// <summary>The purchase, tracked and locked (FOR UPDATE) until the current transaction ends; null if there is none.</summary>
    public static Task<T?> LockAsync<T>(this PaymentsDbContext db, Guid id, CancellationToken cancellationToken) where T : class, IPaidPurchase
    {
        // The table name comes from the model, never from input; the id is a parameter.
        var sql = "SELECT * FROM " + db.Model.FindEntityType(typeof(T))!.GetTableName() + " WHERE id = {0} FOR UPDATE";
        return db.Set<T>().FromSqlRaw(sql, id).SingleOrDefaultAsync(cancellationToken);
    }

    public static async Task<IPaidPurchase?> LockAsync(this PaymentsDbContext db, string kind, Guid id, CancellationToken cancellationToken) =>
        kind switch
        {
            PurchaseKinds.Donation => await db.LockAsync<Donation>(id, cancellationToken),
            PurchaseKinds.Gift => await db.LockAsync<Gift>(id, cancellationToken),
            _ => null,
        };

    public static Task<string?> StatusAsync(this PaymentsDbContext db, string kind, Guid id, CancellationToken cancellationToken) => kind switch
    {
        PurchaseKinds.Donation => db.Donations.Where(d => d.Id == id).Select(d => d.Status).SingleOrDefaultAsync(cancellationToken),
        PurchaseKinds.Gift => db.Gifts.Where(g => g.Id == id).Select(g => g.Status).SingleOrDefaultAsync(cancellationToken),
        _ => Task.FromResult<string?>(null),
    };
}

/// <summary>Reading a subscription under a row lock, so Stripe's state is copied by one writer at a time.</summary>
internal static class SubscriptionRows
{
    public static Task<Subscription?> LockSubscriptionAsync(this PaymentsDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Subscriptions.FromSql($"SELECT * FROM subscriptions WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}
