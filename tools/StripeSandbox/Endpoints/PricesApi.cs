using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class PricesApi
{
    public static RouteGroupBuilder MapPricesApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/products", CreateProduct).WithName("CreateProduct").WithSummary("Creates a product.").WithTags("Prices");
        v1.MapGet("/products", ListProducts).WithName("ListProducts").WithSummary("Lists products.").WithTags("Prices");
        v1.MapGet("/products/{id}", RetrieveProduct).WithName("RetrieveProduct").WithSummary("Retrieves a product.").WithTags("Prices");
        v1.MapPost("/prices", Create).WithName("CreatePrice").WithSummary("Creates a price.").WithTags("Prices");
        v1.MapGet("/prices", List).WithName("ListPrices")
            .WithSummary("Lists prices, by lookup_keys[] among others.").WithTags("Prices");
        v1.MapGet("/prices/{id}", Retrieve).WithName("RetrievePrice").WithSummary("Retrieves a price.").WithTags("Prices");
        v1.MapPost("/prices/{id}", Update).WithName("UpdatePrice").WithSummary("Updates a price.").WithTags("Prices");
        return v1;
    }

    /// <summary>The subscription tiers AeThex sells, made at start-up (and after a reset) when missing.</summary>
    public static void SeedTiers(SandboxStore store)
    {
        (string LookupKey, string Name, long Cents)[] tiers =
            [("tier_basic", "AeThex Basic", 499), ("tier_premium", "AeThex Premium", 999), ("tier_vip", "AeThex VIP", 2499)];
        foreach (var (lookupKey, name, cents) in tiers)
        {
            if (store.Prices.All.Any(p => p.LookupKey == lookupKey)) continue;
            var product = store.Products.Add(new Product(StripeIds.New("prod"), store.Now, name));
            store.Prices.Add(new Price(StripeIds.New("price"), store.Now, product.Id, cents, "usd")
            {
                Interval = "month",
                LookupKey = lookupKey,
                Nickname = name,
            });
        }
    }

    private static StripeResult CreateProduct(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var id = p.String("id") ?? StripeIds.New("prod");
        if (store.Products.Find(id) is not null)
        {
            throw StripeApiException.Invalid($"Product already exists.", "id", "resource_already_exists");
        }
        var product = store.Products.Add(new Product(id, store.Now, p.Required("name"))
        {
            Description = p.String("description"),
            Active = p.Bool("active") ?? true,
            Metadata = Metadata.From(p),
        });
        store.Emit("product.created", product);
        return Render.Object(product, call, store);
    }

    private static StripeResult ListProducts(ApiCall call, SandboxStore store) =>
        Render.List(store.Products.All.Where(p => call.P.Bool("active") is not { } active || p.Active == active), call, store,
            "/v1/products");

    private static StripeResult RetrieveProduct(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.Products.Get(id), call, store);

    private static StripeResult Create(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var currency = p.Required("currency").ToLowerInvariant();
        if (!Money.Currencies.Contains(currency)) throw StripeApiException.Invalid($"Invalid currency: {currency}.", "currency");
        var amount = p.RequiredLong("unit_amount");
        if (amount < 0) throw StripeApiException.Invalid("This value must be greater than or equal to 0.", "unit_amount");
        var recurring = p.Object("recurring");
        var interval = recurring?.Required("interval");
        if (interval is not (null or "day" or "week" or "month" or "year"))
        {
            throw StripeApiException.Invalid(
                "Invalid recurring[interval]: must be one of day, week, month, or year", "recurring[interval]");
        }
        var product = p.String("product") is { } productId
            ? store.Products.Get(productId, "product")
            : p.Object("product_data") is { } data
                ? store.Products.Add(new Product(StripeIds.New("prod"), store.Now, data.Required("name")))
                : throw StripeApiException.Invalid("Missing required param: product.", "product", "parameter_missing");
        var lookupKey = p.String("lookup_key");
        TakeLookupKey(store, lookupKey, p.Bool("transfer_lookup_key") ?? false);
        var price = store.Prices.Add(new Price(StripeIds.New("price"), store.Now, product.Id, amount, currency)
        {
            Interval = interval,
            IntervalCount = (int)(recurring?.Long("interval_count") ?? 1),
            LookupKey = lookupKey,
            Nickname = p.String("nickname"),
            Active = p.Bool("active") ?? true,
            Metadata = Metadata.From(p),
        });
        store.Emit("price.created", price);
        return Render.Object(price, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var lookupKeys = p.Strings("lookup_keys");
        var active = p.Bool("active");
        var product = p.String("product");
        var type = p.String("type");
        var currency = p.String("currency");
        var prices = store.Prices.All.Where(price =>
            (lookupKeys.Count == 0 || price.LookupKey is not null && lookupKeys.Contains(price.LookupKey))
            && (active is null || price.Active == active)
            && (product is null || price.ProductId == product)
            && (currency is null || price.Currency == currency)
            && (type is null || (price.IsRecurring ? "recurring" : "one_time") == type));
        return Render.List(prices, call, store, "/v1/prices");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) => Render.Object(store.Prices.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var price = store.Prices.Get(id);
        var p = call.P;
        var before = price.ToJson(store);
        if (p.Has("lookup_key"))
        {
            var lookupKey = p.String("lookup_key");
            if (lookupKey != price.LookupKey) TakeLookupKey(store, lookupKey, p.Bool("transfer_lookup_key") ?? false);
            price.LookupKey = lookupKey;
        }
        if (p.Bool("active") is { } active) price.Active = active;
        if (p.Has("nickname")) price.Nickname = p.String("nickname");
        Metadata.Apply(price.Metadata, p);
        store.Emit("price.updated", price, before);
        return Render.Object(price, call, store);
    }

    private static void TakeLookupKey(SandboxStore store, string? lookupKey, bool transfer)
    {
        if (lookupKey is null || store.Prices.All.FirstOrDefault(x => x.LookupKey == lookupKey) is not { } holder) return;
        if (!transfer)
        {
            throw StripeApiException.Invalid(
                $"A price ({holder.Id}) already uses that lookup key. Use transfer_lookup_key to move it to this price.", "lookup_key");
        }
        holder.LookupKey = null;
    }
}
