using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class InvoicesApi
{
    public static RouteGroupBuilder MapInvoicesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/invoices", List).WithName("ListInvoices").WithSummary("Lists invoices.").WithTags("Invoices");
        v1.MapGet("/invoices/{id}", Retrieve).WithName("RetrieveInvoice")
            .WithSummary("Retrieves an invoice (expand confirmation_secret or payments to see how it is paid).").WithTags("Invoices");
        v1.MapGet("/invoices/{id}/lines", ListLines).WithName("ListInvoiceLines").WithSummary("Lists an invoice's lines.")
            .WithTags("Invoices");
        v1.MapPost("/invoices/{id}/pay", Pay).WithName("PayInvoice")
            .WithSummary("Tries to collect an open invoice now, with its default card or the given payment_method.").WithTags("Invoices");
        v1.MapGet("/invoice_payments", ListPayments).WithName("ListInvoicePayments")
            .WithSummary("Lists the payments of an invoice.").WithTags("Invoices");
        v1.MapGet("/invoice_payments/{id}", RetrievePayment).WithName("RetrieveInvoicePayment")
            .WithSummary("Retrieves an invoice payment.").WithTags("Invoices");
        return v1;
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var customer = p.String("customer");
        var subscription = p.String("subscription");
        var status = p.String("status");
        var invoices = store.Invoices.All.Where(i => (customer is null || i.CustomerId == customer)
            && (subscription is null || i.SubscriptionId == subscription) && (status is null || i.Status == status));
        return Render.List(Render.CreatedWithin(invoices, p, i => i.Created), call, store, "/v1/invoices");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) => Render.Object(store.Invoices.Get(id), call, store);

    private static StripeResult ListLines(string id, ApiCall call, SandboxStore store)
    {
        var invoice = store.Invoices.Get(id);
        return StripeResult.Ok(SandboxStore.List($"/v1/invoices/{invoice.Id}/lines",
            invoice.Lines.Select(l => (System.Text.Json.Nodes.JsonNode)l.ToJson(invoice)).ToList()));
    }

    private static StripeResult Pay(string id, ApiCall call, SandboxStore store, PaymentEngine payments, BillingEngine billing)
    {
        var invoice = store.Invoices.Get(id);
        var method = call.P.String("payment_method") is { } methodId ? payments.ResolvePaymentMethod(methodId, "payment_method") : null;
        var outcome = billing.AttemptInvoice(invoice, call.P.Bool("off_session") ?? true, method);
        if (outcome == PaymentOutcome.Declined
            && store.PaymentIntents.Find(invoice.PaymentIntentId) is { LastPaymentError: not null } intent)
        {
            throw payments.DeclineError(intent);
        }
        if (outcome == PaymentOutcome.Declined)
        {
            throw new StripeApiException(400, "invalid_request_error",
                "This customer has no attached payment source or default payment method.")
            {
                Code = "resource_missing",
                Param = "payment_method",
                Executed = true,
            };
        }
        return Render.Object(invoice, call, store);
    }

    private static StripeResult ListPayments(ApiCall call, SandboxStore store)
    {
        var invoice = call.P.String("invoice");
        return Render.List(store.InvoicePayments.All.Where(p => invoice is null || p.InvoiceId == invoice), call, store,
            "/v1/invoice_payments");
    }

    private static StripeResult RetrievePayment(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.InvoicePayments.Get(id), call, store);
}
