using System.Security.Cryptography;
using System.Text;
using AeThexLive.Streaming.Live;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Endpoints;

/// <summary>
/// nginx-rtmp's callbacks (form posts). Not routed by the gateway, and refused without the
/// shared secret the AppHost gives nginx, so only the ingest server can start or end streams.
/// A 2xx/3xx answer lets the publisher on; anything else makes nginx drop it.
/// </summary>
public static class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var ingest = app.MapGroup("/internal/ingest").ExcludeFromDescription().AddEndpointFilter(RequireCallbackSecret);
        ingest.MapPost("/publish", PublishAsync);
        ingest.MapPost("/publish-done", PublishDoneAsync);
        ingest.MapPost("/update", UpdateAsync);
        ingest.MapPost("/record-done", RecordDoneAsync);
        ingest.MapPost("/relay", RelayAsync);
        return app;
    }

    internal static async Task<IResult> PublishAsync(HttpRequest request, IngestLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var key = form["name"].ToString();
        var clientId = form["clientid"].ToString();
        if (form["app"] != "live" || key.Length is 0 or > 200 || clientId.Length is 0 or > 64) return Results.StatusCode(StatusCodes.Status403Forbidden);

        var decision = await lifecycle.PublishAsync(key, clientId, cancellationToken);
        // nginx-rtmp renames the stream to the Location, so HLS and recordings appear under the slug, never the key.
        return decision.Slug is null ? Results.StatusCode(StatusCodes.Status403Forbidden) : Results.Redirect(decision.Slug);
    }

    internal static async Task<IResult> PublishDoneAsync(HttpRequest request, IngestLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        if (form["app"] == "live") await lifecycle.PublishDoneAsync(form["clientid"].ToString(), cancellationToken);
        return Results.Ok();
    }

    internal static async Task<IResult> UpdateAsync(HttpRequest request, IngestLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        if (form["app"] != "live" || form["call"] != "update_publish") return Results.Ok();
        return await lifecycle.MayContinueAsync(form["clientid"].ToString(), cancellationToken)
            ? Results.Ok()
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// A publish to the internal application: allowed only for the relay of a publish this service
    /// just authorised (the relay secret in its tcUrl, the channel live with a connected publisher).
    /// </summary>
    internal static async Task<IResult> RelayAsync(
        HttpRequest request, IngestLifecycle lifecycle, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var name = form["name"].ToString();
        var relaySecret = options.Value.RelaySecret;
        var given = RelaySecretOf(form["tcurl"].ToString());
        var authentic = relaySecret.Length > 0 && given is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(relaySecret));
        if (form["call"] != "publish" || !authentic || name.Length is 0 or > 200) return Results.StatusCode(StatusCodes.Status403Forbidden);
        return await lifecycle.IsRelayOfCheckedPublishAsync(name, cancellationToken)
            ? Results.Ok()
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    private static string? RelaySecretOf(string tcUrl)
    {
        var query = tcUrl.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? null : QueryHelpers.ParseQuery(tcUrl[query..]).TryGetValue("relay", out var value) ? value.ToString() : null;
    }

    internal static async Task<IResult> RecordDoneAsync(HttpRequest request, IngestLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var path = form["path"].ToString();
        if (path.Length > 0) await lifecycle.RecordDoneAsync(form["name"].ToString(), path, cancellationToken);
        return Results.Ok();
    }

    private static async ValueTask<object?> RequireCallbackSecret(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value.CallbackSecret;
        var given = context.HttpContext.Request.Query["secret"].ToString();
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }
}
