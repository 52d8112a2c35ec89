using System.ComponentModel;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AeThexLive.Chat.Hubs;

/// <summary>
/// Puts the chat hub into the API documentation: a "Chat hub" tag listing what clients may call
/// and the events rooms push (read from <see cref="ChatHub"/> and <see cref="IChatClient"/>, so the
/// page cannot drift from the code), with every payload's schema among the document's schemas.
/// </summary>
internal sealed class ChatHubDescription : IOpenApiDocumentTransformer
{
    public const string Tag = "Chat hub";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine("SignalR hub at `/hubs/chat` (WebSockets, JSON protocol). Send the access token as `access_token` in the query string, "
            + "or connect without one to read only. Call `JoinStream(streamId)` to receive a room's events.");
        text.AppendLine().AppendLine("| client calls | arguments | answers | needs a token |").AppendLine("|---|---|---|---|");
        foreach (var method in typeof(ChatHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            var arguments = new List<string>();
            foreach (var parameter in method.GetParameters()) arguments.Add($"`{parameter.Name}`: {await SchemaNameAsync(parameter.ParameterType)}");
            var answer = method.ReturnType.IsGenericType ? await SchemaNameAsync(method.ReturnType.GetGenericArguments()[0]) : "nothing";
            var token = method.GetCustomAttribute<AuthorizeAttribute>() is null ? "no" : "yes";
            text.AppendLine($"| `{method.Name}` | {string.Join(", ", arguments)} | {answer} | {token} |");
        }
        text.AppendLine().AppendLine("| event | payload | when |").AppendLine("|---|---|---|");
        foreach (var method in typeof(IChatClient).GetMethods())
        {
            var payload = await SchemaNameAsync(method.GetParameters().Single().ParameterType);
            text.AppendLine($"| `{method.Name}` | {payload} | {method.GetCustomAttribute<DescriptionAttribute>()?.Description} |");
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag, Description = text.ToString() });

        async Task<string> SchemaNameAsync(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (underlying.IsPrimitive || underlying == typeof(string) || underlying == typeof(Guid)) return $"`{underlying.Name.ToLowerInvariant()}`";
            if (document.Components?.Schemas?.ContainsKey(underlying.Name) != true)
            {
                document.AddComponent(underlying.Name, await context.GetOrCreateSchemaAsync(underlying, null, cancellationToken));
            }
            return $"`{underlying.Name}` (schema)";
        }
    }
}
