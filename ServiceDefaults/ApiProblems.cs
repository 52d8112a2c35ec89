using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.ServiceDefaults;

/// <summary>problem+json answers with a type URI a client can branch on (https://aethex.live/problems/…).</summary>
public static class ApiProblems
{
    public const string TypeBase = "https://aethex.live/problems/";

    public static ProblemHttpResult Of(int status, string type, string title, string? detail = null, Dictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status, type: TypeBase + type, extensions: extensions);

    public static ProblemHttpResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "not-found", $"No such {what}.");

    public static ProblemHttpResult Conflict(string type, string title, string? detail = null) => Of(StatusCodes.Status409Conflict, type, title, detail);

    public static ProblemHttpResult Forbidden(string title) => Of(StatusCodes.Status403Forbidden, "forbidden", title);
}
