using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// The one rule for text at every service's edge: no control characters (U+0000–U+001F but tab,
/// line feed and carriage return; U+007F–U+009F) and no unpaired surrogates, in any JSON string,
/// query value or path. PostgreSQL refuses U+0000 outright (a 500 before this rule), and the rest
/// are never what a person typed. Applied to every request by default, so no route can forget it.
/// </summary>
public static class RequestText
{
    public const string ControlCharacterMessage = "Text may not contain control characters or broken Unicode.";

    public static bool IsClean(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not ('\t' or '\n' or '\r')) return false;
            if (c is >= '\u007f' and <= '\u009f') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Every string read from a JSON body passes <see cref="IsClean"/>, or the body is refused with 400 naming the field.</summary>
    internal sealed class CleanStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? value;
            try
            {
                value = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\ud800") cannot become a .NET string at all.
                throw new ControlCharacterException();
            }
            return value is null || IsClean(value) ? value : throw new ControlCharacterException();
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    internal sealed class ControlCharacterException() : JsonException(ControlCharacterMessage);

    /// <summary>Query values and the path, before any handler sees them.</summary>
    internal static async Task RefuseDirtyQueriesAsync(HttpContext context, Func<Task> next)
    {
        var errors = new FieldErrors();
        if (!IsClean(context.Request.Path.Value)) errors.Add("path", ControlCharacterMessage);
        foreach (var (name, values) in context.Request.Query)
        {
            if (!IsClean(name)) errors.Add("query", ControlCharacterMessage);
            foreach (var value in values)
            {
                if (value is not null && !IsClean(value)) errors.Add(Field(name), ControlCharacterMessage);
            }
        }
        if (!errors.Any)
        {
            await next();
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.").ExecuteAsync(context);
    }

    private static string Field(string name) => IsClean(name) && name.Length <= 64 ? name : "query";
}
