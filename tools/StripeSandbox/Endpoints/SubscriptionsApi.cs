using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class SubscriptionsApi
{
    private static readonly string[] Unsupported =
        ["trial_period_days", "trial_end", "billing_cycle_anchor", "backdate_start_date", "coupon", "discounts", "add_invoice_items"];

    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/subscriptions", Create).WithName("CreateSubscription")
            .WithSummary("Subscribes a customer to prices; payment_behavior=default_incomplete leaves the first invoice to the browser.")
            .WithTags("Subscriptions");
        v1.MapGet("/subscriptions", List).WithName("ListSubscriptions")
            .WithSummary("Lists subscriptions (not canceled ones unless status=all or canceled).").WithTags("Subscriptions");
        v1.MapGet("/subscriptions/{id}", Retrieve).WithName("RetrieveSubscription").WithSummary("Retrieves a subscription.")
            .WithTags("Subscriptions");
        v1.MapPost("/subscriptions/{id}", Update).WithName("UpdateSubscription")
            .WithSummary("Changes items (with prorations), cancel_at_period_end, the default card or metadata.").WithTags("Subscriptions");
        v1.MapDelete("/subscriptions/{id}", Cancel).WithName("CancelSubscription").WithSummary("Cancels a subscription now.")
            .WithTags("Subscriptions");
        return v1;
    }

    private static StripeResult Create(ApiCall call, SandboxStore store, PaymentEngine payments, BillingEngine billing)
    {
        var p = call.P;
        RefuseUnsupported(p);
        var customer = store.Customers.Get(p.Required("customer"), "customer");
        if (customer.Deleted) throw StripeApiException.Missing("customer", customer.Id, "customer");
        var paymentBehavior = p.String("payment_behavior") ?? "allow_incomplete";
        if (paymentBehavior is not ("allow_incomplete" or "default_incomplete" or "error_if_incomplete"))
        {
            throw StripeApiException.Invalid(
                "Invalid payment_behavior: must be one of allow_incomplete, default_incomplete, or error_if_incomplete",
                "payment_behavior");
        }
        var items = p.List("items").Select(item =>
        {
            var price = store.Prices.Get(item.Required("price"), item.Name("price"));
            var quantity = item.Long("quantity") ?? 1;
            if (quantity < 1) throw StripeApiException.Invalid("This value must be greater than or equal to 1.", item.Name("quantity"));
            return (price, quantity);
        }).ToList();
        var defaultMethod = p.String("default_payment_method") is { } methodId
            ? payments.ResolvePaymentMethod(methodId, "default_payment_method")
            : null;
        var saveDefault = p.Object("payment_settings")?.String("save_default_payment_method");
        if (saveDefault is not (null or "on_subscription" or "off"))
        {
            throw StripeApiException.Invalid("Invalid save_default_payment_method: must be one of off or on_subscription",
                "payment_settings[save_default_payment_method]");
        }
        var subscription = billing.Create(customer, items, paymentBehavior, defaultMethod, saveDefault, Metadata.From(p),
            p.String("description"), p.Bool("cancel_at_period_end") ?? false);
        return Render.Object(subscription, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var customer = p.String("customer");
        var price = p.String("price");
        var status = p.String("status");
        var subscriptions = store.Subscriptions.All.Where(s =>
            (customer is null || s.CustomerId == customer)
            && (price is null || s.Items.Any(i => i.Price.Id == price))
            && (status switch
            {
                null => !s.IsEnded,
                "all" => true,
                "ended" => s.IsEnded,
                _ => s.Status == status,
            }));
        return Render.List(Render.CreatedWithin(subscriptions, p, s => s.Created), call, store, "/v1/subscriptions");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.Subscriptions.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store, PaymentEngine payments, BillingEngine billing)
    {
        var subscription = store.Subscriptions.Get(id);
        var p = call.P;
        RefuseUnsupported(p);
        var prorationBehavior = p.String("proration_behavior") ?? "create_prorations";
        if (prorationBehavior is not ("create_prorations" or "always_invoice" or "none"))
        {
            throw StripeApiException.Invalid(
                "Invalid proration_behavior: must be one of create_prorations, always_invoice, or none", "proration_behavior");
        }
        var paymentBehavior = p.String("payment_behavior") ?? "allow_incomplete";
        if (paymentBehavior is not ("allow_incomplete" or "default_incomplete" or "error_if_incomplete" or "pending_if_incomplete"))
        {
            throw StripeApiException.Invalid("Invalid payment_behavior: must be one of allow_incomplete, default_incomplete, "
                + "error_if_incomplete, or pending_if_incomplete", "payment_behavior");
        }
        var changes = p.List("items").Select(item =>
        {
            var existing = item.String("id") is { } itemId
                ? subscription.Items.FirstOrDefault(i => i.Id == itemId)
                    ?? throw StripeApiException.Missing("subscription item", itemId, item.Name("id"))
                : null;
            var price = item.String("price") is { } priceId ? store.Prices.Get(priceId, item.Name("price")) : null;
            var deleted = item.Bool("deleted") ?? false;
            if (existing is null && price is null && !deleted)
            {
                throw StripeApiException.Invalid("Missing required param: items[][price].", item.Name("price"), "parameter_missing");
            }
            var quantity = item.Long("quantity");
            if (quantity < 1) throw StripeApiException.Invalid("This value must be greater than or equal to 1.", item.Name("quantity"));
            return new ItemChange(existing, price, quantity, deleted);
        }).ToList();
        var defaultMethod = p.String("default_payment_method") is { } methodId
            ? payments.ResolvePaymentMethod(methodId, "default_payment_method")
            : null;
        var cancelAtPeriodEnd = p.Bool("cancel_at_period_end");
        if (subscription.IsEnded && (cancelAtPeriodEnd is not null || defaultMethod is not null))
        {
            throw StripeApiException.Invalid("A canceled subscription can only update its cancellation_details and metadata.");
        }
        var prorationDate = p.Long("proration_date") ?? store.Now;

        billing.Update(subscription, changes, prorationBehavior, prorationDate, paymentBehavior, s =>
        {
            if (defaultMethod is not null)
            {
                payments.Attach(defaultMethod, store.Customers.Get(s.CustomerId, "customer"));
                s.DefaultPaymentMethod = defaultMethod.Id;
            }
            if (cancelAtPeriodEnd == true) billing.RequestCancellation(s);
            if (cancelAtPeriodEnd == false) billing.Reactivate(s);
            if (p.Has("description")) s.Description = p.String("description");
            Metadata.Apply(s.Metadata, p);
        });
        return Render.Object(subscription, call, store);
    }

    private static StripeResult Cancel(string id, ApiCall call, SandboxStore store, BillingEngine billing)
    {
        var subscription = store.Subscriptions.Get(id);
        if (call.P.Bool("prorate") == true || call.P.Bool("invoice_now") == true)
        {
            throw StripeApiException.Invalid(
                "The sandbox does not prorate cancellations; cancel without prorate/invoice_now and refund instead.", "prorate");
        }
        billing.CancelNow(subscription);
        return Render.Object(subscription, call, store);
    }

    private static void RefuseUnsupported(Params p)
    {
        if (Unsupported.FirstOrDefault(p.Has) is { } name)
        {
            throw StripeApiException.Invalid($"The sandbox does not support {name} on subscriptions.", name);
        }
        if (p.String("collection_method") is { } method && method != "charge_automatically")
        {
            throw StripeApiException.Invalid("The sandbox only bills subscriptions with collection_method=charge_automatically.",
                "collection_method");
        }
    }
}
