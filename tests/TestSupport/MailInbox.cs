using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace AeThexLive.TestSupport;

/// <summary>A message as smtp4dev lists it.</summary>
public sealed record ReceivedMail(string Id, string From, string[] To, string Subject, DateTime ReceivedDate);

/// <summary>
/// Reads what reached smtp4dev through its HTTP API (<c>/api/messages</c>), as an operator would
/// on its web page: who got what, and the text of each message.
/// </summary>
public sealed partial class MailInbox(HttpClient api)
{
    public async Task<IReadOnlyList<ReceivedMail>> AllAsync(CancellationToken cancellationToken = default)
    {
        var page = await api.GetFromJsonAsync<MessagePage>("/api/messages?pageSize=5000", cancellationToken)
            ?? throw new InvalidOperationException("smtp4dev answered no message list.");
        return page.Results;
    }

    public async Task<IReadOnlyList<ReceivedMail>> ToAsync(string address, CancellationToken cancellationToken = default) =>
        [.. (await AllAsync(cancellationToken)).Where(m => m.To.Any(to => string.Equals(to, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits until <paramref name="count"/> messages to the address have arrived, and returns them oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = await ToAsync(address);
            if (received.Count >= count) return [.. received.OrderBy(m => m.ReceivedDate)];
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{received.Count} of {count} messages to {address} arrived in time.");
            }
            await Task.Delay(200);
        }
    }

    public Task<string> TextAsync(ReceivedMail mail, CancellationToken cancellationToken = default) =>
        api.GetStringAsync($"/api/messages/{mail.Id}/plaintext", cancellationToken);

    public Task<string> HtmlAsync(ReceivedMail mail, CancellationToken cancellationToken = default) =>
        api.GetStringAsync($"/api/messages/{mail.Id}/html", cancellationToken);

    /// <summary>The raw message as the server received it (headers and all MIME parts).</summary>
    public Task<string> SourceAsync(ReceivedMail mail, CancellationToken cancellationToken = default) =>
        api.GetStringAsync($"/api/messages/{mail.Id}/source", cancellationToken);

    /// <summary>The first link in the text that starts with <paramref name="prefix"/> (e.g. the public origin and a path).</summary>
    public async Task<Uri> LinkAsync(ReceivedMail mail, string prefix)
    {
        var text = await TextAsync(mail);
        var link = Links().Matches(text).Select(m => m.Value).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No link starting with {prefix} in:\n{text}");
        return new Uri(link);
    }

    /// <summary>A query parameter of a link (the token of a verification or reset link).</summary>
    public static string Query(Uri link, string name) =>
        System.Web.HttpUtility.ParseQueryString(link.Query)[name] ?? throw new InvalidOperationException($"{link} has no {name}.");

    private sealed record MessagePage(ReceivedMail[] Results);

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Links();
}
