using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Product(string id, long created, string name) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string Name { get; set; } = name;
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "product",
        ["active"] = Active,
        ["created"] = Created,
        ["description"] = Description,
        ["images"] = new JsonArray(),
        ["livemode"] = false,
        ["marketing_features"] = new JsonArray(),
        ["metadata"] = Domain.Metadata.ToJson(Metadata),
        ["name"] = Name,
        ["type"] = "service",
        ["updated"] = Created,
        ["url"] = null,
    };
}
