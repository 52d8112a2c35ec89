using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// Turns exceptions into problem+json. Bad requests (unreadable JSON, wrong types, unknown
/// fields, bad route values) are the client's fault and answer 400 naming the field that was
/// wrong; anything else is a 500 that never carries a stack trace.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var json = exception as JsonException ?? exception.InnerException as JsonException;
        ProblemDetails problem = (exception, json) switch
        {
            (_, not null) => DescribeJson(json),
            (BadHttpRequestException bad, _) => new ProblemDetails { Status = bad.StatusCode, Title = "The request is not valid.", Detail = bad.Message },
            (OperationCanceledException, _) when httpContext.RequestAborted.IsCancellationRequested =>
                new ProblemDetails { Status = StatusCodes.Status499ClientClosedRequest, Title = "The client closed the request." },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };

        if (problem.Status >= 500) LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>A body that does not read as the expected JSON: which field, and what kind of mistake (no .NET type names).</summary>
    private static HttpValidationProblemDetails DescribeJson(JsonException json)
    {
        var field = FieldFromPath(json.Path);
        string message;
        if (UnknownProperty().Match(json.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            field = field == "body" ? name : field.EndsWith(name, StringComparison.Ordinal) ? field : $"{field}.{name}";
            message = "This field is not part of the request.";
        }
        else if (json is RequestText.ControlCharacterException || json.InnerException is RequestText.ControlCharacterException)
        {
            message = RequestText.ControlCharacterMessage;
        }
        else if (DuplicateProperty().Match(json.Message) is { Success: true } duplicate)
        {
            field = field == "body" ? duplicate.Groups[1].Value : field;
            message = "This field is given more than once.";
        }
        else if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            message = "The value has the wrong type.";
        }
        else
        {
            message = "The body is not valid UTF-8 JSON.";
        }
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid.",
        };
    }

    private static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [GeneratedRegex("Duplicate property '([^']*)'|duplicate.*property '([^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
