using AeThexLive.Content.Broadcasts;
using AeThexLive.ServiceDefaults;

namespace AeThexLive.Content.Endpoints;

/// <summary>When Streaming cannot be asked, the answer is 503 (try again), never a wrong 404 or a 500.</summary>
internal static class DirectoryOutage
{
    public static TBuilder AnswersUnavailable<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (DirectoryUnavailableException)
            {
                return ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "directory-unavailable",
                    "Channel information is unavailable right now.", "Try again shortly.");
            }
        });
}
