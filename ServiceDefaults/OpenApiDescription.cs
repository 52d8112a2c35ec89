using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// Every service describes its public routes at /openapi/v1.json (not routed by the gateway; the
/// gateway merges them into /docs). Beyond what the endpoints' own metadata says, each operation
/// states whether it needs a token and which role, and that errors are problem+json.
/// </summary>
public static class OpenApiDescription
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "ProblemDetails";

    internal static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /api/auth/login (15 minutes; renew with POST /api/auth/refresh).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAccessAndErrorsAsync);
        });

    private static async Task DescribeAccessAndErrorsAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
        {
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
        }
        operation.Responses ??= new OpenApiResponses();

        var authorization = metadata.OfType<IAuthorizeData>().ToList();
        if (authorization.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            operation.Responses.TryAdd("401", Problem(document, "No access token, or one that is expired, revoked or not valid."));
            var roles = authorization.SelectMany(a => RolesOf(a)).Distinct().ToList();
            if (roles.Count > 0)
            {
                var needed = $"Requires the {string.Join(" or ", roles)} role.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? needed : $"{operation.Description}\n\n{needed}";
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-required-roles"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray([.. roles.Select(r => (System.Text.Json.Nodes.JsonNode)r)]));
                operation.Responses.TryAdd("403", Problem(document, $"Signed in, but without the {string.Join(" or ", roles)} role."));
            }
        }
        operation.Responses.TryAdd("default", Problem(document, "Any other error, as RFC 9457 problem+json (`type`, `title`, `status`, `detail`, `errors` per field for 400)."));
    }

    private static IEnumerable<string> RolesOf(IAuthorizeData authorize)
    {
        if (authorize.Policy == PlatformTokens.AdminPolicy) yield return Roles.Admin;
        foreach (var role in (authorize.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return role;
    }

    private static OpenApiResponse Problem(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };
}
