using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>
/// Something that happened, with the object as it was then. The body is serialised once, so
/// every delivery (and every copy of it) carries the same bytes that were signed. Only that text is kept: the sandbox
/// keeps every event, and holding each one's JSON tree too (a hundred-odd small objects an event) made its heap
/// hundreds of megabytes of live objects after a few minutes of donations, and its garbage collections paused it for a
/// quarter of a second, stalling every payment call meanwhile (the payments benchmark's slow seconds).
/// </summary>
internal sealed class StripeEvent : IStripeObject
{
    public StripeEvent(string id, long created, string type, string apiVersion, JsonObject data, string? account,
        string? requestId, string? idempotencyKey, int pendingWebhooks)
    {
        Id = id;
        Created = created;
        Type = type;
        Account = account;
        var json = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["account"] = account,
            ["api_version"] = apiVersion,
            ["context"] = null,
            ["created"] = created,
            ["data"] = data,
            ["livemode"] = false,
            ["pending_webhooks"] = pendingWebhooks,
            ["request"] = new JsonObject { ["id"] = requestId, ["idempotency_key"] = idempotencyKey },
            ["type"] = type,
        };
        if (account is null) json.Remove("account");
        Body = json.ToJsonString();
    }

    public string Id { get; }
    public long Created { get; }
    public string Type { get; }
    public string? Account { get; }
    public string Body { get; }

    /// <summary>Events of a connected account are listed with its <c>Stripe-Account</c>, as at Stripe.</summary>
    public string? Owner => Account;

    public JsonObject ToJson(SandboxStore store) => JsonNode.Parse(Body)!.AsObject();
}
