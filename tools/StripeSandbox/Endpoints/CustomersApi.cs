using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/customers", Create).WithName("CreateCustomer").WithSummary("Creates a customer.").WithTags("Customers");
        v1.MapGet("/customers", List).WithName("ListCustomers").WithSummary("Lists customers, newest first.").WithTags("Customers");
        v1.MapGet("/customers/{id}", Retrieve).WithName("RetrieveCustomer").WithSummary("Retrieves a customer.").WithTags("Customers");
        v1.MapPost("/customers/{id}", Update).WithName("UpdateCustomer").WithSummary("Updates a customer.").WithTags("Customers");
        v1.MapDelete("/customers/{id}", Delete).WithName("DeleteCustomer").WithSummary("Deletes a customer.").WithTags("Customers");
        v1.MapGet("/customers/{id}/payment_methods", ListPaymentMethods)
            .WithName("ListCustomerPaymentMethods").WithSummary("Lists a customer's payment methods.").WithTags("Customers");
        return v1;
    }

    private static StripeResult Create(ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var p = call.P;
        var customer = new Customer(StripeIds.New("cus"), store.Now) { Metadata = Metadata.From(p) };
        var method = p.String("payment_method") is { } methodId ? payments.ResolvePaymentMethod(methodId, "payment_method") : null;
        var defaultMethod = p.Object("invoice_settings")?.String("default_payment_method") is { } defaultId
            ? payments.ResolvePaymentMethod(defaultId, "invoice_settings[default_payment_method]")
            : null;
        if (method is not null) PaymentEngine.EnsureAttachable(method);
        if (defaultMethod is not null) PaymentEngine.EnsureAttachable(defaultMethod);
        ApplyFields(customer, p);
        store.Customers.Add(customer);
        store.Emit("customer.created", customer);
        if (method is not null) payments.Attach(method, customer);
        if (defaultMethod is not null)
        {
            payments.Attach(defaultMethod, customer);
            customer.DefaultPaymentMethod = defaultMethod.Id;
        }
        return Render.Object(customer, call, store);
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.Customers.Get(id), call, store);

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var email = call.P.String("email");
        var customers = store.Customers.All.Where(c => !c.Deleted && (email is null || c.Email == email));
        return Render.List(Render.CreatedWithin(customers, call.P, c => c.Created), call, store, "/v1/customers");
    }

    private static StripeResult Update(string id, ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var customer = Live(store.Customers.Get(id));
        var p = call.P;
        var before = customer.ToJson(store);
        if (p.Object("invoice_settings") is { } settings && settings.Has("default_payment_method"))
        {
            var param = "invoice_settings[default_payment_method]";
            if (settings.String("default_payment_method") is not { } methodId)
            {
                customer.DefaultPaymentMethod = null;
            }
            else
            {
                // A test token is made and attached in one step here; Stripe wants it attached first.
                var method = payments.ResolvePaymentMethod(methodId, param);
                if (TestCard.Tokens.ContainsKey(methodId)) payments.Attach(method, customer);
                if (method.CustomerId != customer.Id)
                {
                    throw StripeApiException.Invalid(
                        $"The customer does not have a payment method with the ID {method.Id}. The payment method must be attached "
                        + "to the customer.", param);
                }
                customer.DefaultPaymentMethod = method.Id;
            }
        }
        ApplyFields(customer, p);
        Metadata.Apply(customer.Metadata, p);
        store.Emit("customer.updated", customer, before);
        return Render.Object(customer, call, store);
    }

    private static StripeResult Delete(string id, ApiCall call, SandboxStore store)
    {
        var customer = Live(store.Customers.Get(id));
        customer.Deleted = true;
        store.Emit("customer.deleted", customer);
        return Render.Object(customer, call, store);
    }

    private static StripeResult ListPaymentMethods(string id, ApiCall call, SandboxStore store)
    {
        var customer = store.Customers.Get(id);
        return Render.List(store.PaymentMethods.All.Where(m => m.CustomerId == customer.Id), call, store,
            $"/v1/customers/{customer.Id}/payment_methods");
    }

    private static Customer Live(Customer customer) =>
        customer.Deleted ? throw StripeApiException.Missing("customer", customer.Id) : customer;

    private static void ApplyFields(Customer customer, Params p)
    {
        if (p.Has("email")) customer.Email = p.String("email");
        if (p.Has("name")) customer.Name = p.String("name");
        if (p.Has("description")) customer.Description = p.String("description");
        if (p.Has("phone")) customer.Phone = p.String("phone");
        if (p.Long("balance") is { } balance) customer.Balance = balance;
    }
}
