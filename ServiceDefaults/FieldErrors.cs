namespace AeThexLive.ServiceDefaults;

/// <summary>Collects per-field validation messages for a 400 ValidationProblem (field names in camelCase).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="failed"/>; returns whether the field is still valid.</summary>
    public bool Check(bool failed, string field, string message)
    {
        if (failed) Add(field, message);
        return !failed;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
