using Microsoft.AspNetCore.OutputCaching;
using Yarp.ReverseProxy.Model;

namespace AeThexLive.Gateway;

/// <summary>
/// The gateway's copies of anonymous public reads (<see cref="RouteTable.PublicReads"/>): each is
/// tagged with its path, and a successful write through this gateway drops the copies of its own
/// path and of every path above it, so whoever changes a resource here — a renamed channel, a
/// deleted clip, a like — and anyone reading it next through this gateway sees the change at once
/// rather than up to the lifetime later. Changes that do not pass through the gateway (a stream
/// going live over RTMP, a clip becoming ready) and other gateway instances' copies wait out the
/// lifetime, which bounds how stale any answer is.
/// </summary>
internal static class PublicReadCache
{
    private const string TagPrefix = "path:";

    /// <summary>Tags a copy with its path (the query string aside: every ?page of a list goes together).</summary>
    public sealed class PathTag : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.Tags.Add(Tag(context.HttpContext.Request.Path));
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
            foreach (var path in PathAndParents(context.Request.Path)) await store.EvictByTagAsync(Tag(path), CancellationToken.None);
        });
        return app;
    }

    /// <summary>/api/clips/x/like, /api/clips/x, /api/clips (never /api or the root: not a resource).</summary>
    internal static IEnumerable<string> PathAndParents(PathString path)
    {
        var value = (path.Value ?? "").TrimEnd('/');
        while (value.Count(c => c == '/') >= 2)
        {
            yield return value;
            value = value[..value.LastIndexOf('/')];
        }
    }

    private static string Tag(PathString path) => TagPrefix + (path.Value ?? "").TrimEnd('/').ToLowerInvariant();

    private static string Tag(string path) => TagPrefix + path.ToLowerInvariant();
}
