using Scalar.AspNetCore;

namespace AeThexLive.Gateway;

/// <summary>/docs: the interactive reference of the public API; /docs/openapi.json: the merged document behind it.</summary>
public static class ApiDocs
{
    public const string DocumentPath = "/docs/openapi.json";

    internal static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddHttpClient("service-docs");
        services.AddSingleton<PublicApiDocument>();
        return services;
    }

    internal static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapGet(DocumentPath, async (PublicApiDocument document, CancellationToken cancellationToken) =>
                TypedResults.Text(await document.GetJsonAsync(cancellationToken), "application/json"))
            .ExcludeFromDescription();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("AeThex LIVE API")
            .WithOpenApiRoutePattern(DocumentPath));
        return app;
    }
}
