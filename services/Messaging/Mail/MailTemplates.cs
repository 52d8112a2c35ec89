using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AeThexLive.Messaging.Mail;

/// <summary>A message made from a template: subject, plain text and HTML.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// Mail templates kept in a service's source as embedded resources under <c>Mail/Templates</c>:
/// <c>name.txt</c> (first line <c>Subject: …</c>, a blank line, then the text) and <c>name.html</c>.
/// <c>{{key}}</c> is replaced by a value, HTML-encoded in the HTML part; a key without a value is an
/// error rather than a message with a hole in it.
/// </summary>
public sealed partial class MailTemplates(Assembly assembly)
{
    private readonly ConcurrentDictionary<string, (string Subject, string Text, string Html)> _loaded = new();

    public RenderedMail Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var (subject, text, html) = _loaded.GetOrAdd(name, Load);
        return new RenderedMail(
            Fill(subject, values, encode: false, name),
            Fill(text, values, encode: false, name),
            Fill(html, values, encode: true, name));
    }

    private (string, string, string) Load(string name)
    {
        var text = Read($"{name}.txt").ReplaceLineEndings("\n");
        var html = Read($"{name}.html");
        var firstLine = text.IndexOf('\n');
        if (!text.StartsWith("Subject: ", StringComparison.Ordinal) || firstLine < 0)
        {
            throw new InvalidOperationException($"Mail template {name}.txt must start with a 'Subject: ' line.");
        }
        return (text[9..firstLine].Trim(), text[(firstLine + 1)..].TrimStart('\n'), html);
    }

    private string Read(string file)
    {
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(r => r.EndsWith(".Mail.Templates." + file, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Mail template {file} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The template with every value but <paramref name="perRecipient"/> filled in once: the stencil of a mail sent to many,
    /// which then costs each recipient a few concatenations instead of a render. A value is never itself read as a template.
    /// </summary>
    public MailStencil Stencil(string name, IReadOnlyDictionary<string, string> values, IReadOnlyCollection<string> perRecipient)
    {
        var (subject, text, html) = _loaded.GetOrAdd(name, Load);
        return new MailStencil(
            Fill(subject, values, encode: false, name),
            Split(text, values, perRecipient, encode: false, name),
            Split(html, values, perRecipient, encode: true, name));
    }

    /// <summary>Literal runs and the names of the per-recipient holes between them, alternately (literal first and last).</summary>
    private static MailStencil.Part Split(string template, IReadOnlyDictionary<string, string> values, IReadOnlyCollection<string> perRecipient,
        bool encode, string name)
    {
        var literals = new List<string>();
        var holes = new List<string>();
        var run = new System.Text.StringBuilder();
        var at = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            run.Append(template, at, match.Index - at);
            at = match.Index + match.Length;
            var key = match.Groups[1].Value;
            if (perRecipient.Contains(key))
            {
                literals.Add(run.ToString());
                run.Clear();
                holes.Add(key);
            }
            else if (values.TryGetValue(key, out var value))
            {
                run.Append(encode ? WebUtility.HtmlEncode(value) : value);
            }
            else
            {
                throw new InvalidOperationException($"Mail template {name} uses {{{{{key}}}}}, which was not given.");
            }
        }
        run.Append(template, at, template.Length - at);
        literals.Add(run.ToString());
        return new MailStencil.Part([.. literals], [.. holes], encode);
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values, bool encode, string name) =>
        Placeholder().Replace(template, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? encode ? WebUtility.HtmlEncode(value) : value
            : throw new InvalidOperationException($"Mail template {name} uses {{{{{match.Groups[1].Value}}}}}, which was not given."));

    [GeneratedRegex(@"\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}")]
    private static partial Regex Placeholder();
}
