using Microsoft.AspNetCore.Http;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// What every problem+json answer carries beyond the status: the trace id to quote in a report,
/// and for the answers no handler wrote (no route, wrong method, wrong content type, a body too
/// large) a type of ours instead of the HTTP RFC's, so a client can tell "no such route" from
/// "no such channel".
/// </summary>
internal static class ProblemTypes
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        if (problem.Type is not null && problem.Type.StartsWith(ApiProblems.TypeBase, StringComparison.Ordinal)) return;

        (string Type, string Title)? ours = problem.Status switch
        {
            StatusCodes.Status404NotFound when context.HttpContext.GetEndpoint() is null => ("no-such-route", "There is no such route."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "This route does not take that method."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "Send the body as application/json."),
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "The request body is too large."),
            _ => null,
        };
        if (ours is { } known)
        {
            problem.Type = ApiProblems.TypeBase + known.Type;
            problem.Title = known.Title;
        }
    }
}
