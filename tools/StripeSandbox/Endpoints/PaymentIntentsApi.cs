using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class PaymentIntentsApi
{
    public static RouteGroupBuilder MapPaymentIntentsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/payment_intents", Create).WithName("CreatePaymentIntent")
            .WithSummary("Creates a payment intent (and confirms it with confirm=true).").WithTags("PaymentIntents");
        v1.MapGet("/payment_intents", List).WithName("ListPaymentIntents").WithSummary("Lists payment intents.").WithTags("PaymentIntents");
        v1.MapGet("/payment_intents/{id}", Retrieve).WithName("RetrievePaymentIntent")
            .WithSummary("Retrieves a payment intent (with a publishable key, client_secret is required).").WithTags("PaymentIntents")
            .WithMetadata(new PublishableKeyAllowed());
        v1.MapPost("/payment_intents/{id}", Update).WithName("UpdatePaymentIntent").WithSummary("Updates a payment intent.")
            .WithTags("PaymentIntents");
        v1.MapPost("/payment_intents/{id}/confirm", Confirm).WithName("ConfirmPaymentIntent")
            .WithSummary("Confirms a payment intent: from the server, or from a browser with the publishable key and client_secret.")
            .WithTags("PaymentIntents").WithMetadata(new PublishableKeyAllowed());
        v1.MapPost("/payment_intents/{id}/cancel", Cancel).WithName("CancelPaymentIntent").WithSummary("Cancels a payment intent.")
            .WithTags("PaymentIntents");
        return v1;
    }

    private static StripeResult Create(ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var p = call.P;
        var amount = p.RequiredLong("amount");
        var currency = p.Required("currency").ToLowerInvariant();
        if (p.String("capture_method") is "manual" or "manual_unsupported")
        {
            throw StripeApiException.Invalid(
                "The sandbox captures automatically; capture_method=manual is not supported.", "capture_method");
        }
        var customer = p.String("customer") is { } customerId ? store.Customers.Get(customerId, "customer") : null;
        var method = p.String("payment_method") is { } methodId ? payments.ResolvePaymentMethod(methodId, "payment_method") : null;
        var setupFutureUsage = SetupFutureUsage(p);
        if (setupFutureUsage is not null && customer is null)
        {
            throw StripeApiException.Invalid("setup_future_usage requires a customer.", "setup_future_usage");
        }
        var intent = payments.CreateIntent(amount, currency, customer);
        intent.PaymentMethodId = method?.Id;
        intent.Status = method is null ? "requires_payment_method" : "requires_confirmation";
        intent.Description = p.String("description");
        intent.ReceiptEmail = p.String("receipt_email");
        intent.SetupFutureUsage = setupFutureUsage;
        intent.StatementDescriptor = p.String("statement_descriptor");
        intent.TransferGroup = p.String("transfer_group");
        intent.AutomaticPaymentMethods = p.Object("automatic_payment_methods")?.Bool("enabled") ?? false;
        intent.ReturnUrl = p.String("return_url");
        intent.Metadata = Metadata.From(p);
        store.Emit("payment_intent.created", intent);

        if (p.Bool("confirm") == true)
        {
            if (method is null)
            {
                throw new StripeApiException(400, "invalid_request_error",
                    "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with "
                    + $"{customer?.Id ?? "a customer"}, specify a payment method attached to this customer along with the customer ID.")
                {
                    Code = "payment_intent_unexpected_state",
                    Executed = true,
                };
            }
            Run(intent, method, p.Bool("off_session") ?? false, payments);
        }
        return Render.Object(intent, call, store);
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store)
    {
        var intent = store.PaymentIntents.Get(id);
        if (call.Key == KeyKind.Publishable) RequireClientSecret(intent, call);
        return Render.Object(intent, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var customer = call.P.String("customer");
        var intents = store.PaymentIntents.All.Where(i => customer is null || i.CustomerId == customer);
        return Render.List(Render.CreatedWithin(intents, call.P, i => i.Created), call, store, "/v1/payment_intents");
    }

    private static StripeResult Update(string id, ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var intent = store.PaymentIntents.Get(id);
        var p = call.P;
        var changesPayment = p.Has("amount") || p.Has("currency") || p.Has("payment_method") || p.Has("customer");
        if (changesPayment && (intent.IsFinal || intent.Status == "processing"))
        {
            throw StripeApiException.UnexpectedState(
                $"You cannot update this PaymentIntent because it has a status of {intent.Status}.");
        }
        if (intent.InvoiceId is not null && changesPayment)
        {
            throw StripeApiException.Invalid("This PaymentIntent is managed by an invoice; change the invoice instead.", "amount");
        }
        var amount = p.Long("amount") ?? intent.Amount;
        var currency = p.String("currency")?.ToLowerInvariant() ?? intent.Currency;
        PaymentEngine.ValidateAmount(amount, currency);
        var customer = p.String("customer") is { } customerId ? store.Customers.Get(customerId, "customer") : null;
        var method = p.String("payment_method") is { } methodId ? payments.ResolvePaymentMethod(methodId, "payment_method") : null;
        intent.Amount = amount;
        intent.Currency = currency;
        if (customer is not null) intent.CustomerId = customer.Id;
        if (method is not null)
        {
            intent.PaymentMethodId = method.Id;
            if (intent.Status == "requires_payment_method") intent.Status = "requires_confirmation";
        }
        if (p.Has("description")) intent.Description = p.String("description");
        if (p.Has("receipt_email")) intent.ReceiptEmail = p.String("receipt_email");
        if (p.Has("setup_future_usage")) intent.SetupFutureUsage = SetupFutureUsage(p);
        Metadata.Apply(intent.Metadata, p);
        return Render.Object(intent, call, store);
    }

    private static StripeResult Confirm(string id, ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var intent = store.PaymentIntents.Get(id);
        var p = call.P;
        if (call.Key == KeyKind.Publishable) RequireClientSecret(intent, call);
        var method = p.String("payment_method") is { } methodId
            ? payments.ResolvePaymentMethod(methodId, "payment_method")
            : store.PaymentMethods.Find(intent.PaymentMethodId)
                ?? throw StripeApiException.UnexpectedState(
                    "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a "
                    + "payment method and then confirm it again.", "payment_method");
        if (p.String("return_url") is { } returnUrl) intent.ReturnUrl = returnUrl;
        if (p.Has("setup_future_usage") && call.Key == KeyKind.Secret) intent.SetupFutureUsage = SetupFutureUsage(p);
        Run(intent, method, p.Bool("off_session") ?? false, payments);
        return Render.Object(intent, call, store);
    }

    private static StripeResult Cancel(string id, ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var intent = store.PaymentIntents.Get(id);
        var reason = call.P.String("cancellation_reason");
        if (reason is not (null or "duplicate" or "fraudulent" or "requested_by_customer" or "abandoned"))
        {
            throw StripeApiException.Invalid(
                "Invalid cancellation_reason: must be one of duplicate, fraudulent, requested_by_customer, or abandoned",
                "cancellation_reason");
        }
        if (intent.InvoiceId is not null)
        {
            throw StripeApiException.Invalid(
                "You cannot cancel this PaymentIntent because it was created by an invoice; void the invoice instead.");
        }
        payments.Cancel(intent, reason);
        return Render.Object(intent, call, store);
    }

    private static void Run(PaymentIntent intent, CardPaymentMethod method, bool offSession, PaymentEngine payments)
    {
        if (payments.Attempt(intent, method, offSession) == PaymentOutcome.Declined)
        {
            throw payments.DeclineError(intent);
        }
    }

    /// <summary>A publishable key reaches an intent only with its client secret, as Stripe.js sends it.</summary>
    private static void RequireClientSecret(PaymentIntent intent, ApiCall call)
    {
        var secret = call.P.String("client_secret")
            ?? throw StripeApiException.Invalid("Missing required param: client_secret.", "client_secret", "parameter_missing");
        if (secret != intent.ClientSecret)
        {
            throw StripeApiException.Invalid(
                "The client_secret provided does not match the client_secret associated with the PaymentIntent.", "client_secret");
        }
    }

    private static string? SetupFutureUsage(Params p) => p.String("setup_future_usage") switch
    {
        null => null,
        "on_session" => "on_session",
        "off_session" => "off_session",
        _ => throw StripeApiException.Invalid("Invalid setup_future_usage: must be one of on_session or off_session",
            "setup_future_usage"),
    };
}
