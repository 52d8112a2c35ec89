using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class PaymentMethodsApi
{
    public static RouteGroupBuilder MapPaymentMethodsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/payment_methods", List).WithName("ListPaymentMethods").WithSummary("Lists a customer's payment methods.")
            .WithTags("PaymentMethods");
        v1.MapGet("/payment_methods/{id}", Retrieve).WithName("RetrievePaymentMethod").WithSummary("Retrieves a payment method.")
            .WithTags("PaymentMethods");
        v1.MapPost("/payment_methods/{id}/attach", Attach).WithName("AttachPaymentMethod")
            .WithSummary("Attaches a payment method (or a test token such as pm_card_visa) to a customer.").WithTags("PaymentMethods");
        v1.MapPost("/payment_methods/{id}/detach", Detach).WithName("DetachPaymentMethod")
            .WithSummary("Detaches a payment method from its customer.").WithTags("PaymentMethods");
        return v1;
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var customer = store.Customers.Get(call.P.Required("customer"), "customer");
        return Render.List(store.PaymentMethods.All.Where(m => m.CustomerId == customer.Id), call, store, "/v1/payment_methods");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.PaymentMethods.Get(id), call, store);

    private static StripeResult Attach(string id, ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var customer = store.Customers.Get(call.P.Required("customer"), "customer");
        var method = payments.ResolvePaymentMethod(id, "payment_method");
        payments.Attach(method, customer);
        return Render.Object(method, call, store);
    }

    private static StripeResult Detach(string id, ApiCall call, SandboxStore store)
    {
        var method = store.PaymentMethods.Get(id);
        if (method.CustomerId is null)
        {
            throw StripeApiException.Invalid("The payment method you provided is not attached to a customer so detachment is impossible.");
        }
        if (store.Customers.Find(method.CustomerId) is { } customer && customer.DefaultPaymentMethod == method.Id)
        {
            customer.DefaultPaymentMethod = null;
        }
        method.CustomerId = null;
        store.Emit("payment_method.detached", method);
        return Render.Object(method, call, store);
    }
}
