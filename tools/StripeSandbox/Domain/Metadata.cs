using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Wire;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>Stripe's metadata rules: merged on update, an empty value deletes a key, 50 keys of 40/500 characters.</summary>
internal static class Metadata
{
    public static Dictionary<string, string> From(Params p) => Apply([], p);

    public static Dictionary<string, string> Apply(Dictionary<string, string> target, Params p)
    {
        if (p.IsEmpty("metadata"))
        {
            target.Clear();
            return target;
        }
        if (p.Object("metadata") is not { } metadata) return target;
        foreach (var (key, value) in metadata.Pairs())
        {
            if (key.Length > 40)
            {
                throw StripeApiException.Invalid("Metadata keys can have up to 40 characters.", metadata.Name(key));
            }
            if (value.Length > 500)
            {
                throw StripeApiException.Invalid("Metadata values can have up to 500 characters.", metadata.Name(key));
            }
            if (value.Length == 0) target.Remove(key);
            else target[key] = value;
        }
        if (target.Count > 50)
        {
            throw StripeApiException.Invalid("Metadata can have up to 50 keys.", p.Name("metadata"));
        }
        return target;
    }

    public static JsonObject ToJson(Dictionary<string, string> metadata)
    {
        var json = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            json[key] = value;
        }
        return json;
    }
}
