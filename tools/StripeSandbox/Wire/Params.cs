using System.Globalization;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>
/// One level of a request's parameters, read by name. A bad value is refused the way Stripe
/// refuses it (400 with the parameter's full bracketed name), never coerced.
/// </summary>
internal readonly struct Params(ParamNode node, string path)
{
    public string Path => path;

    public bool Has(string name) => node.Find(name) is not null;

    /// <summary>True when the parameter was sent as an empty string, which Stripe reads as "unset".</summary>
    public bool IsEmpty(string name) => node.Find(name) is { Value: "", Children.Count: 0 };

    public string? String(string name) => node.Find(name) is { Value: { Length: > 0 } value } ? value : null;

    public string Required(string name) =>
        String(name) ?? throw StripeApiException.Invalid($"Missing required param: {Name(name)}.", Name(name), "parameter_missing");

    public long? Long(string name)
    {
        var text = String(name);
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeApiException.Invalid($"Invalid integer: {text}", Name(name), "parameter_invalid_integer");
    }

    public long RequiredLong(string name) =>
        Long(name) ?? throw StripeApiException.Invalid($"Missing required param: {Name(name)}.", Name(name), "parameter_missing");

    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw StripeApiException.Invalid($"Invalid boolean: {other}", Name(name), "parameter_invalid_boolean"),
    };

    public Params? Object(string name) => node.Find(name) is { } child ? new Params(child, Name(name)) : null;

    /// <summary>A list sent as <c>name[0][..]</c>, <c>name[1][..]</c> (or <c>name[]</c>), in index order.</summary>
    public IReadOnlyList<Params> List(string name)
    {
        if (node.Find(name) is not { } child) return [];
        var prefix = Name(name);
        return child.Children
            .Select(c => (Index: ParseIndex(c.Key, prefix), Node: c.Value))
            .OrderBy(c => c.Index)
            .Select(c => new Params(c.Node, $"{prefix}[{c.Index}]"))
            .ToList();
    }

    /// <summary>Strings sent as a list (<c>expand[]=a&amp;expand[]=b</c>) or once (<c>expand=a</c>).</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (node.Find(name) is not { } child) return [];
        if (child.Children.Count == 0) return child.Value is { Length: > 0 } single ? [single] : [];
        var prefix = Name(name);
        return child.Children
            .Select(c => (Index: ParseIndex(c.Key, prefix), c.Value.Value))
            .OrderBy(c => c.Index)
            .Where(c => !string.IsNullOrEmpty(c.Value))
            .Select(c => c.Value!)
            .ToList();
    }

    /// <summary>A hash parameter (metadata): every key with its value, empty values included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs() =>
        node.Children.Select(c => new KeyValuePair<string, string>(c.Key, c.Value.Value ?? "")).ToList();

    public string Name(string name) => path.Length == 0 ? name : $"{path}[{name}]";

    private static int ParseIndex(string key, string prefix) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw StripeApiException.Invalid($"Invalid array: {prefix} must be a list", prefix, "parameter_invalid_array");
}
