using AeThexLive.ServiceDefaults;

namespace AeThexLive.Gateway;

/// <summary>
/// The gateway's limits on a request's size, answered as problem+json like every other error:
/// a target (path and query) over 8 KiB is 414, headers over 32 KiB are 431. Kestrel's own
/// limits are set far above these; only a request beyond them (or one that is not HTTP at all)
/// still gets Kestrel's bare answer.
/// </summary>
internal sealed class RequestShape(RequestDelegate next)
{
    public const int KestrelLimitBytes = 128 * 1024;
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetBytes) return RefuseAsync(context, StatusCodes.Status414UriTooLong, "uri-too-long", $"The path and query are limited to {MaxTargetBytes} bytes.");

        var headers = 0;
        foreach (var (name, values) in request.Headers) headers += name.Length + 4 + values.Sum(v => v?.Length ?? 0);
        if (headers > MaxHeaderBytes)
        {
            return RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", $"Headers are limited to {MaxHeaderBytes} bytes.");
        }
        return next(context);
    }

    private static Task RefuseAsync(HttpContext context, int status, string type, string title)
    {
        context.Response.StatusCode = status;
        return TypedResults.Problem(title: title, statusCode: status, type: ApiProblems.TypeBase + type).ExecuteAsync(context);
    }
}
