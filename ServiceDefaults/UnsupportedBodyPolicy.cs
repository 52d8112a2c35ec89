using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// A body route called with no Content-Type, or with one it does not take, is a 415 — always.
/// ASP.NET's own content-type policy answers a wrong type with 415 but a missing one with no
/// match at all, which the client saw as 404 ("no such route") on POST /api/channels. This
/// policy runs after it: when every candidate was ruled out and one of them takes a body, the
/// answer is 415 (written as problem+json like every error).
/// </summary>
internal sealed class UnsupportedBodyPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => int.MaxValue - 100;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 });

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var anyValid = false;
        var takesBody = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            anyValid |= candidates.IsValidCandidate(i);
            takesBody |= candidates[i].Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 };
        }
        if (!anyValid && takesBody) httpContext.SetEndpoint(UnsupportedMediaType);
        return Task.CompletedTask;
    }

    private static readonly Endpoint UnsupportedMediaType = new(
        context =>
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        },
        EndpointMetadataCollection.Empty,
        "415 Unsupported Media Type");
}
