using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class AccountsApi
{
    public const string PlatformAccountId = "acct_sandboxplatform00001";

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/account", RetrieveSelf).WithName("RetrievePlatformAccount").WithSummary("The platform's own account.")
            .WithTags("Connect");
        v1.MapPost("/accounts", Create).WithName("CreateAccount")
            .WithSummary("Creates a connected account (Express unless type says otherwise).").WithTags("Connect");
        v1.MapGet("/accounts", List).WithName("ListAccounts").WithSummary("Lists connected accounts.").WithTags("Connect");
        v1.MapGet("/accounts/{id}", Retrieve).WithName("RetrieveAccount").WithSummary("Retrieves a connected account.")
            .WithTags("Connect");
        v1.MapPost("/accounts/{id}", Update).WithName("UpdateAccount").WithSummary("Updates a connected account's email or metadata.")
            .WithTags("Connect");
        v1.MapDelete("/accounts/{id}", Delete).WithName("DeleteAccount").WithSummary("Deletes a connected account.").WithTags("Connect");
        v1.MapPost("/accounts/{id}/login_links", CreateLoginLink).WithName("CreateLoginLink")
            .WithSummary("A link into the Express dashboard of an onboarded account.").WithTags("Connect");
        v1.MapPost("/account_links", CreateLink).WithName("CreateAccountLink")
            .WithSummary("An onboarding link: following it completes onboarding and returns to return_url.").WithTags("Connect");
        return v1;
    }

    private static StripeResult RetrieveSelf(ApiCall call, SandboxStore store)
    {
        if (call.StripeAccount is { } connected) return Render.Object(store.Accounts.Get(connected), call, store);
        return StripeResult.Ok(new JsonObject
        {
            ["id"] = PlatformAccountId,
            ["object"] = "account",
            ["business_profile"] = new JsonObject { ["name"] = "AeThex LIVE (sandbox)", ["url"] = null },
            ["charges_enabled"] = true,
            ["country"] = "US",
            ["default_currency"] = "usd",
            ["details_submitted"] = true,
            ["email"] = null,
            ["payouts_enabled"] = true,
            ["type"] = "standard",
        });
    }

    private static StripeResult Create(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var controller = p.Object("controller");
        var type = p.String("type")
            ?? (controller?.Object("stripe_dashboard")?.String("type") is { } dashboard
                ? dashboard switch { "express" => "express", "full" => "standard", _ => "custom" }
                : "express");
        if (type is not ("express" or "custom" or "standard"))
        {
            throw StripeApiException.Invalid("Invalid type: must be one of custom, express, or standard", "type");
        }
        var capabilities = p.Object("capabilities");
        var account = store.Accounts.Add(new ConnectAccount(StripeIds.New("acct", 16), store.Now, type)
        {
            Country = p.String("country") ?? "US",
            DefaultCurrency = p.String("default_currency") ?? "usd",
            Email = p.String("email"),
            BusinessType = p.String("business_type"),
            TransfersRequested = capabilities?.Object("transfers")?.Bool("requested") ?? type != "custom",
            CardPaymentsRequested = capabilities?.Object("card_payments")?.Bool("requested") ?? false,
            Metadata = Metadata.From(p),
        });
        return Render.Object(account, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store) =>
        Render.List(Render.CreatedWithin(store.Accounts.All.Where(a => !a.Deleted), call.P, a => a.Created), call, store, "/v1/accounts");

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) => Render.Object(store.Accounts.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var account = store.Accounts.Get(id);
        if (account.Deleted) throw StripeApiException.Missing("account", id);
        var before = account.ToJson(store);
        if (call.P.Has("email")) account.Email = call.P.String("email");
        if (call.P.Has("business_type")) account.BusinessType = call.P.String("business_type");
        Metadata.Apply(account.Metadata, call.P);
        store.Emit("account.updated", account, before, account.Id);
        return Render.Object(account, call, store);
    }

    private static StripeResult Delete(string id, ApiCall call, SandboxStore store)
    {
        var account = store.Accounts.Get(id);
        account.Deleted = true;
        return Render.Object(account, call, store);
    }

    private static StripeResult CreateLoginLink(string id, ApiCall call, SandboxStore store)
    {
        var account = store.Accounts.Get(id);
        if (account.Type != "express" || !account.DetailsSubmitted)
        {
            throw StripeApiException.Invalid("Cannot create a login link for an account that has not completed onboarding.", "account");
        }
        return StripeResult.Ok(new JsonObject
        {
            ["object"] = "login_link",
            ["created"] = store.Now,
            ["url"] = $"{call.BaseUrl}/_sandbox/connect/dashboard/{account.Id}",
        });
    }

    private static StripeResult CreateLink(ApiCall call, SandboxStore store, ConnectEngine connect)
    {
        var p = call.P;
        var account = store.Accounts.Get(p.Required("account"), "account");
        var type = p.Required("type");
        if (type is not ("account_onboarding" or "account_update"))
        {
            throw StripeApiException.Invalid("Invalid type: must be one of account_onboarding or account_update", "type");
        }
        var returnUrl = p.Required("return_url");
        var refreshUrl = p.String("refresh_url") ?? returnUrl;
        foreach (var (name, url) in new[] { ("return_url", returnUrl), ("refresh_url", refreshUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                throw StripeApiException.Invalid($"Not a valid URL", name, "url_invalid");
            }
        }
        var link = connect.CreateLink(account, returnUrl, refreshUrl, call.BaseUrl, out var expiresAt);
        return StripeResult.Ok(new JsonObject
        {
            ["object"] = "account_link",
            ["created"] = store.Now,
            ["expires_at"] = expiresAt,
            ["url"] = link,
        });
    }
}
