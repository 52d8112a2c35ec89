using Microsoft.AspNetCore.OutputCaching;
using Yarp.ReverseProxy.Model;

namespace AeThexLive.Gateway;

/// <summary>
/// The gateway's copies of anonymous public reads (<see cref="RouteTable.PublicReads"/>): each is
/// tagged with its path and with the resource it belongs to (/api/tournaments/{id} for its
/// bracket). A successful write through this gateway drops the copies of its own path, of every
/// path above it, and of everything under its resource, so whoever changes a resource here — a
/// renamed channel, a deleted clip, a like, a match result — and anyone reading it next through
/// this gateway sees the change at once rather than up to the lifetime later. Changes that do not
/// pass through the gateway (a stream going live over RTMP, a clip becoming ready) and other
/// gateway instances' copies wait out the lifetime, which bounds how stale any answer is.
/// </summary>
internal static class PublicReadCache
{
    private const string PathPrefix = "path:", ResourcePrefix = "resource:";

    /// <summary>Tags a copy with its path (the query string aside: every ?page of a list goes together).</summary>
    public sealed class PathTag : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var path = Normalized(context.HttpContext.Request.Path);
            context.Tags.Add(PathPrefix + path);
            if (ResourceOf(path) is { } resource) context.Tags.Add(ResourcePrefix + resource);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }

    public static WebApplication UsePublicReadEviction(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await next(context);
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return;
            if (context.Response.StatusCode is < 200 or >= 400 || !context.Request.Path.StartsWithSegments("/api")) return;
            if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.ContainsKey(RouteTable.KeepsReadCopiesKey) == true) return;
            var store = context.RequestServices.GetRequiredService<IOutputCacheStore>();
            var written = Normalized(context.Request.Path);
            // The resource's tag covers every copy at or below it; only the collections above it need their own.
            if (ResourceOf(written) is { } resource) await store.EvictByTagAsync(ResourcePrefix + resource, CancellationToken.None);
            foreach (var path in PathAndParents(written).Where(p => ResourceOf(p) is null))
            {
                await store.EvictByTagAsync(PathPrefix + path, CancellationToken.None);
            }
        });
        return app;
    }

    /// <summary>/api/clips/x/like, /api/clips/x, /api/clips (never /api or the root: not a resource).</summary>
    internal static IEnumerable<string> PathAndParents(string path)
    {
        while (path.Count(c => c == '/') >= 2)
        {
            yield return path;
            path = path[..path.LastIndexOf('/')];
        }
    }

    /// <summary>The resource a path belongs to: its first three segments (/api/tournaments/{id}), if it has them.</summary>
    internal static string? ResourceOf(string path)
    {
        var segments = path.Split('/');
        return segments.Length >= 4 ? string.Join('/', segments[..4]) : null;
    }

    private static string Normalized(PathString path) => (path.Value ?? "").TrimEnd('/').ToLowerInvariant();
}
