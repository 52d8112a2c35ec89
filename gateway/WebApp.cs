using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace AeThexLive.Gateway;

/// <summary>
/// Serves the web app (web/, built by AppHost/scripts/setup.sh into web/dist) at "/": Vite's
/// hashed assets with year-long immutable caching (their .br/.gz twins when the browser takes
/// them), index.html revalidated on every load so a deploy is seen at once, and index.html for
/// any other page address the app routes itself. Paths that belong to the platform never fall
/// back to the app: an unknown /api/... stays a 404.
/// </summary>
internal static partial class WebApp
{
    /// <summary>Overrides where the built app is: a folder holding index.html.</summary>
    public const string RootSetting = "Gateway:WebApp:Root";

    private const string AssetsPrefix = "/assets/";
    private const string ImmutableCaching = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    private static readonly string[] PlatformPaths =
        ["/api", "/hubs", "/hls", "/media", "/docs", "/health", "/alive", "/.well-known"];

    /// <summary>Origins besides this one the app's pages may call: the payment provider a card is confirmed at.</summary>
    public const string ConnectSourcesSetting = "Gateway:WebApp:ConnectSources";

    // Same-origin everything but the payment provider: Stripe.js, its frames and its API, which Stripe documents for
    // a page taking cards (and the sandbox's confirm in sandbox mode); MSE playback and hls.js's worker use blob: URLs;
    // avatars may be any https image.
    private static string ContentSecurityPolicy(IEnumerable<string> connectSources) =>
        "default-src 'self'; script-src 'self' https://js.stripe.com https://*.js.stripe.com; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: https:; media-src 'self' blob:; worker-src 'self' blob:; " +
        "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; " +
        $"connect-src {string.Join(' ', ["'self'", "ws:", "wss:", "https://api.stripe.com", .. connectSources])}; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication UseWebApp(this WebApplication app)
    {
        var root = FindRoot(app.Configuration, app.Environment.ContentRootPath);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebApp));
        if (root is null)
        {
            LogNotBuilt(logger);
            app.Use((context, next) => IsAppRequest(context) && !HasExtension(context.Request.Path)
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                    type: "https://aethex.live/problems/web-app-not-built",
                    title: "The web app is not built on this server.",
                    detail: "Run AppHost/scripts/setup.sh, which builds web/ into web/dist.").ExecuteAsync(context)
                : next(context));
            return app;
        }

        LogServing(logger, root);
        var files = new PhysicalFileProvider(root);
        var policy = ContentSecurityPolicy(app.Configuration.GetSection(ConnectSourcesSetting).Get<string[]>() ?? []);
        app.Use((context, next) => IsAppRequest(context) ? ServeAsync(context, files, policy, next) : next(context));
        return app;
    }

    /// <summary>GET or HEAD that no platform route took (YARP's routes, /health) and outside the platform's paths.</summary>
    private static bool IsAppRequest(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.GetEndpoint() is null
        && !PlatformPaths.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static async Task ServeAsync(HttpContext context, PhysicalFileProvider files, string policy, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        var file = path == "/" ? null : files.GetFileInfo(path);
        if (file is { Exists: true, IsDirectory: false })
        {
            await SendAsync(context, files, path, file, policy);
            return;
        }
        // A page address (no file extension) is the app's to route; a missing file is a plain 404.
        if (HasExtension(context.Request.Path))
        {
            await next(context);
            return;
        }
        var index = files.GetFileInfo("/index.html");
        if (!index.Exists)
        {
            await next(context);
            return;
        }
        await SendAsync(context, files, "/index.html", index, policy);
    }

    private static async Task SendAsync(HttpContext context, PhysicalFileProvider files, string path, IFileInfo file, string policy)
    {
        var response = context.Response;
        var hashed = path.StartsWith(AssetsPrefix, StringComparison.Ordinal);
        response.ContentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        if (response.ContentType.StartsWith("text/", StringComparison.Ordinal) || path.EndsWith(".js", StringComparison.Ordinal))
        {
            response.ContentType = response.ContentType.Split(';')[0] + "; charset=utf-8";
        }
        response.Headers.CacheControl = hashed ? ImmutableCaching : Revalidate;
        response.Headers.XContentTypeOptions = "nosniff";
        if (path.EndsWith(".html", StringComparison.Ordinal))
        {
            response.Headers.ContentSecurityPolicy = policy;
            response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        }

        if (hashed)
        {
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
            {
                if (!Accepts(context.Request, encoding)) continue;
                var twin = files.GetFileInfo(path + suffix);
                if (!twin.Exists) continue;
                response.Headers.ContentEncoding = encoding;
                file = twin;
                break;
            }
        }
        else
        {
            // Unhashed files change with a deploy: answer "not modified" when the browser's copy is current.
            var etag = new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\"");
            response.Headers.ETag = etag.ToString();
            if (context.Request.Headers.IfNoneMatch.ToString() == etag.ToString())
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.SendFileAsync(file, context.RequestAborted);
    }

    private static bool Accepts(HttpRequest request, string encoding) =>
        request.Headers.AcceptEncoding.ToString().Split(',')
            .Select(part => part.Split(';'))
            .Any(part => part[0].Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase)
                && !(part.Length > 1 && part[1].Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"));

    private static bool HasExtension(PathString path)
    {
        var value = path.Value ?? "";
        return Path.HasExtension(value[(value.LastIndexOf('/') + 1)..]);
    }

    /// <summary>
    /// The configured folder, else web/dist found upwards from the gateway's content root (its
    /// project folder when run by the AppHost) or from its binaries (a test or published run).
    /// </summary>
    private static string? FindRoot(IConfiguration configuration, string contentRoot)
    {
        if (configuration[RootSetting] is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        }
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "web", "dist");
                if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the web app from {Root}")]
    private static partial void LogServing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The web app is not built (no web/dist/index.html): run AppHost/scripts/setup.sh; page addresses answer 503 until then")]
    private static partial void LogNotBuilt(ILogger logger);
}
