using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>A card payment method, made from a test token the first time the token is used.</summary>
internal sealed class CardPaymentMethod(string id, long created, TestCard card) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public TestCard Card { get; } = card;
    public string? CustomerId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject CardJson() => new()
    {
        ["brand"] = Card.Brand,
        ["country"] = "US",
        ["exp_month"] = 12,
        ["exp_year"] = DateTime.UtcNow.Year + 5,
        ["funding"] = Card.Funding,
        ["last4"] = Card.Last4,
    };

    public JsonObject ToJson(SandboxStore store)
    {
        var card = CardJson();
        card["checks"] = new JsonObject { ["address_line1_check"] = null, ["address_postal_code_check"] = null, ["cvc_check"] = "pass" };
        card["display_brand"] = Card.Brand;
        card["fingerprint"] = $"sandbox{Card.Last4}";
        card["networks"] = new JsonObject { ["available"] = new JsonArray(Card.Brand), ["preferred"] = null };
        card["three_d_secure_usage"] = new JsonObject { ["supported"] = true };
        card["wallet"] = null;
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "payment_method",
            ["allow_redisplay"] = "unspecified",
            ["billing_details"] = new JsonObject { ["address"] = null, ["email"] = null, ["name"] = null, ["phone"] = null },
            ["card"] = card,
            ["created"] = Created,
            ["customer"] = CustomerId,
            ["livemode"] = false,
            ["metadata"] = Domain.Metadata.ToJson(Metadata),
            ["type"] = "card",
        };
    }
}
