using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/events", List).WithName("ListEvents")
            .WithSummary("Lists events, newest first: type (with * wildcards) or types[], created[gte|gt|lte|lt], paging.")
            .WithTags("Events");
        v1.MapGet("/events/{id}", Retrieve).WithName("RetrieveEvent").WithSummary("Retrieves an event.").WithTags("Events");
        return v1;
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var types = p.Strings("types");
        var type = p.String("type");
        if (type is not null && types.Count > 0)
        {
            throw StripeApiException.Invalid("You may only specify one of these parameters: type, types.", "types");
        }
        var events = store.Events.All.Where(e => e.Owner == call.StripeAccount
            && (type is null || Matches(type, e.Type)) && (types.Count == 0 || types.Any(t => Matches(t, e.Type))));
        return Render.List(Render.CreatedWithin(events, p, e => e.Created), call, store, "/v1/events");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.Events.Get(id, account: call.StripeAccount), call, store);

    /// <summary>Stripe's type filter: exact, or with <c>*</c> standing for any run of characters (<c>charge.dispute.*</c>).</summary>
    private static bool Matches(string pattern, string type)
    {
        if (!pattern.Contains('*')) return pattern == type;
        var parts = pattern.Split('*');
        if (!type.StartsWith(parts[0], StringComparison.Ordinal) || !type.EndsWith(parts[^1], StringComparison.Ordinal)) return false;
        var at = parts[0].Length;
        foreach (var part in parts[1..^1])
        {
            var found = type.IndexOf(part, at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + part.Length;
        }
        return at <= type.Length - parts[^1].Length;
    }
}
