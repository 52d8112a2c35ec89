using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>
/// Stripe's request encoding: form pairs whose keys nest with brackets (<c>metadata[x]</c>,
/// <c>items[0][price]</c>, <c>expand[]</c>), folded into a tree the handlers read by name.
/// </summary>
internal sealed class FormParams
{
    private FormParams(ParamNode root, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        Root = new Params(root, "");
        Pairs = pairs;
    }

    public Params Root { get; }

    /// <summary>The pairs as sent, for comparing an idempotent retry with the first request.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

    public static FormParams Empty { get; } = Parse("");

    public static FormParams Parse(string encoded)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in QueryHelpers.ParseNullableQuery(encoded) ?? [])
        {
            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }
        return FromPairs(pairs);
    }

    public static FormParams FromPairs(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var root = new ParamNode();
        foreach (var (key, value) in pairs)
        {
            var node = root;
            foreach (var segment in Segments(key))
            {
                node = node.Child(segment);
            }
            node.Value = value;
        }
        return new FormParams(root, pairs);
    }

    /// <summary>A stable rendering of the parameters: the same request in any key order compares equal.</summary>
    public string Fingerprint() =>
        string.Join('&', Pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static IEnumerable<string> Segments(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            yield return key;
            yield break;
        }
        yield return key[..open];
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0)
            {
                yield return key[(open + 1)..];
                yield break;
            }
            yield return key[(open + 1)..close];
            open = key.IndexOf('[', close);
        }
    }
}

internal sealed class ParamNode
{
    private readonly List<KeyValuePair<string, ParamNode>> children = [];

    public string? Value { get; set; }

    public IReadOnlyList<KeyValuePair<string, ParamNode>> Children => children;

    public ParamNode Child(string segment)
    {
        // "a[]=x" appends: each empty segment is the next position of the list.
        if (segment.Length == 0)
        {
            segment = children.Count.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (name, node) in children)
        {
            if (name == segment) return node;
        }
        var child = new ParamNode();
        children.Add(new(segment, child));
        return child;
    }

    public ParamNode? Find(string segment)
    {
        foreach (var (name, node) in children)
        {
            if (name == segment) return node;
        }
        return null;
    }
}
