using System.Globalization;
using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>Answers as Stripe shapes them: one object (expanded as asked) or a page of a list.</summary>
internal static class Render
{
    public static StripeResult Object(IStripeObject item, ApiCall call, SandboxStore store)
    {
        var json = item.ToJson(store);
        try
        {
            Expand(json, call.Expand, store);
        }
        catch (StripeApiException refused) when (HttpMethods.IsPost(call.Method) || HttpMethods.IsDelete(call.Method))
        {
            // Stripe refuses a bad expand before running the call; here the call has run by now, so
            // the refusal is kept for its idempotency key and a retry cannot do the work twice.
            throw new StripeApiException(refused.Status, refused.Type, refused.Message)
            {
                Code = refused.Code,
                Param = refused.Param,
                Executed = true,
            };
        }
        return StripeResult.Ok(json);
    }

    /// <summary>
    /// A page of <paramref name="items"/> (given oldest first), newest first as Stripe lists:
    /// <c>limit</c> 1–100 (10 by default), <c>starting_after</c> / <c>ending_before</c> by id.
    /// </summary>
    public static StripeResult List<T>(IEnumerable<T> items, ApiCall call, SandboxStore store, string url) where T : IStripeObject
    {
        var limit = call.P.Long("limit") ?? 10;
        if (limit is < 1 or > 100)
        {
            throw StripeApiException.Invalid("This value must be between 1 and 100 (it is currently " + limit + ").", "limit");
        }
        var newestFirst = items.Reverse().ToList();
        List<T> page;
        bool hasMore;
        if (call.P.String("starting_after") is { } after)
        {
            var at = IndexOf(newestFirst, after, "starting_after");
            var rest = newestFirst.Skip(at + 1).ToList();
            page = rest.Take((int)limit).ToList();
            hasMore = rest.Count > limit;
        }
        else if (call.P.String("ending_before") is { } before)
        {
            var at = IndexOf(newestFirst, before, "ending_before");
            var newer = newestFirst.Take(at).ToList();
            page = newer.Skip(Math.Max(0, newer.Count - (int)limit)).ToList();
            hasMore = newer.Count > limit;
        }
        else
        {
            page = newestFirst.Take((int)limit).ToList();
            hasMore = newestFirst.Count > limit;
        }
        var json = SandboxStore.List(url, page.Select(i => (JsonNode)i.ToJson(store)).ToList(), hasMore);
        Expand(json, call.Expand, store);
        return StripeResult.Ok(json);
    }

    /// <summary>Keeps the objects whose <c>created</c> passes <c>created[gte|gt|lte|lt]</c> (or <c>created=</c>).</summary>
    public static IEnumerable<T> CreatedWithin<T>(IEnumerable<T> items, Params p, Func<T, long> created)
    {
        if (p.Long("created") is { } exact && p.Object("created") is { } single && single.Pairs().Count == 0)
        {
            return items.Where(i => created(i) == exact);
        }
        if (p.Object("created") is not { } range) return items;
        var gte = range.Long("gte");
        var gt = range.Long("gt");
        var lte = range.Long("lte");
        var lt = range.Long("lt");
        return items.Where(i =>
        {
            var at = created(i);
            return (gte is null || at >= gte) && (gt is null || at > gt) && (lte is null || at <= lte) && (lt is null || at < lt);
        });
    }

    /// <summary>
    /// Replaces ids with their objects along each dotted path (<c>latest_invoice.confirmation_secret</c>,
    /// <c>data.customer</c>), at most four levels deep, and adds fields that are only sent when asked.
    /// </summary>
    public static void Expand(JsonObject root, IReadOnlyList<string> paths, SandboxStore store)
    {
        foreach (var path in paths)
        {
            ExpandAt(root, path.Split('.'), 0, 0, store, path);
        }
    }

    /// <summary>Walks one segment of a path; <paramref name="levels"/> counts the objects expanded so far (at most four).</summary>
    private static void ExpandAt(JsonNode? node, string[] segments, int depth, int levels, SandboxStore store, string path)
    {
        if (node is JsonArray array)
        {
            foreach (var element in array.ToList()) ExpandAt(element, segments, depth, levels, store, path);
            return;
        }
        if (node is not JsonObject json) return;
        var name = segments[depth];
        var value = json[name];
        if (value is JsonValue || !json.ContainsKey(name))
        {
            if (++levels > 4)
            {
                throw StripeApiException.Invalid($"You cannot expand more than 4 levels of a property. Property: {path}", "expand");
            }
        }
        if (!json.ContainsKey(name))
        {
            var owner = json["id"] is JsonValue id && id.TryGetValue<string>(out var ownerId) ? store.Find(ownerId) : null;
            if (owner is null || !owner.Includes(name)) throw NotExpandable(name);
            json[name] = owner.Include(name, store);
        }
        value = json[name];
        if (value is JsonValue reference && reference.TryGetValue<string>(out var targetId))
        {
            var target = store.Find(targetId) ?? throw NotExpandable(name);
            value = target.ToJson(store);
            json[name] = value;
        }
        else if (value is JsonValue)
        {
            throw NotExpandable(name);
        }
        if (depth + 1 < segments.Length) ExpandAt(value, segments, depth + 1, levels, store, path);
    }

    private static StripeApiException NotExpandable(string name) =>
        StripeApiException.Invalid($"This property cannot be expanded ({name}).", "expand");

    private static int IndexOf<T>(List<T> items, string id, string param) where T : IStripeObject
    {
        var at = items.FindIndex(i => i.Id == id);
        return at >= 0 ? at : throw StripeApiException.Missing("object", id, param);
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
