using System.Net;
using System.Text;

namespace AeThexLive.Messaging.Mail;

/// <summary>
/// A template rendered once for everyone a mail goes to, with holes left for what differs per recipient
/// (a name, an unsubscribe link): <see cref="MailTemplates.Stencil"/> makes it, <see cref="MailComposer.Bulk"/> uses it.
/// </summary>
public sealed class MailStencil
{
    internal MailStencil(string subject, Part text, Part html)
    {
        Subject = subject;
        Text = text;
        Html = html;
    }

    public string Subject { get; }
    internal Part Text { get; }
    internal Part Html { get; }

    /// <summary>The text and HTML for one recipient; each hole must have a value.</summary>
    public (string Text, string Html) Fill(IReadOnlyDictionary<string, string> values) => (Text.Fill(values), Html.Fill(values));

    internal sealed class Part(string[] literals, string[] holes, bool encode)
    {
        private readonly int _length = literals.Sum(l => l.Length);

        public string Fill(IReadOnlyDictionary<string, string> values)
        {
            var result = new StringBuilder(_length + holes.Length * 64);
            for (var i = 0; i < holes.Length; i++)
            {
                result.Append(literals[i]);
                var value = values.TryGetValue(holes[i], out var given)
                    ? given
                    : throw new InvalidOperationException($"The mail's {{{{{holes[i]}}}}} was not given for this recipient.");
                result.Append(encode ? WebUtility.HtmlEncode(value) : value);
            }
            return result.Append(literals[^1]).ToString();
        }
    }
}
