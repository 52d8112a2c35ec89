using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Engine;

/// <summary>The objects of one type, by id and in creation order. Only touched under <see cref="SandboxStore.Gate"/>.</summary>
internal sealed class ObjectTable<T>(SandboxStore store, string noun) : IObjectTable where T : class, IStripeObject
{
    private readonly Dictionary<string, T> byId = new(StringComparer.Ordinal);
    private readonly List<T> ordered = [];

    public string Noun { get; } = noun;

    public IReadOnlyList<T> All => ordered;

    public int Count => ordered.Count;

    public T Add(T item)
    {
        byId.Add(item.Id, item);
        ordered.Add(item);
        store.Index(item);
        return item;
    }

    public T? Find(string? id) => id is not null && byId.TryGetValue(id, out var item) ? item : null;

    /// <summary>The object, or Stripe's 404 (<c>resource_missing</c>) naming the parameter that carried the id.</summary>
    public T Get(string id, string param = "id", string? account = null)
    {
        if (byId.TryGetValue(id, out var item) && item.Owner == account) return item;
        throw StripeApiException.Missing(Noun, id, param);
    }

    public void Clear()
    {
        byId.Clear();
        ordered.Clear();
    }
}

internal interface IObjectTable
{
    string Noun { get; }
    int Count { get; }
    void Clear();
}
