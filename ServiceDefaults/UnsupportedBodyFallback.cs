using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// A body route called with no Content-Type, or with one it does not take, is a 415 — always.
/// Routing already answers a wrong type with 415, but it rules a body route out entirely when
/// the Content-Type is missing, and the client saw 404 ("no such route") on POST /api/channels.
/// When routing found nothing, this looks for a body route the path and method would have
/// matched; only requests that already missed pay for the look. A route that matched with no
/// Content-Type at all is refused here too, unless its body is optional.
/// </summary>
internal sealed class UnsupportedBodyFallback(RequestDelegate next, EndpointDataSource endpoints)
{
    private IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)>? _bodyRoutes;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.HasJsonContentType() || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            return next(context);
        }
        // A route matched with no Content-Type at all: refuse it here if its body is required,
        // rather than let binding answer with its own wording about "implicit bodies".
        var takesBody = context.GetEndpoint() is { } endpoint
            ? endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0, IsOptional: false }
            : BodyRoutes().Any(route => route.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)
                && route.Matcher.TryMatch(request.Path, new RouteValueDictionary()));
        if (!takesBody) return next(context);
        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        return Task.CompletedTask;
    }

    private IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)> BodyRoutes() => _bodyRoutes ??= endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
        .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()),
            (IReadOnlyList<string>)e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods))
        .ToList();
}
