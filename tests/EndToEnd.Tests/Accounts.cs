using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

public sealed record Account(Guid Id, string Username, string Password, Tokens Tokens)
{
    public AuthenticationHeaderValue Bearer => new("Bearer", Tokens.AccessToken);
}

/// <summary>Signing up and signing in through the gateway, as a client app does.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery staple";

    public static string NewUsername(string prefix = "u") => $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<Account> RegisterAndLoginAsync(HttpClient gateway, string? username = null)
    {
        username ??= NewUsername();
        using var registered = await gateway.PostAsJsonAsync("/api/auth/register",
            new { username, email = $"{username}@example.com", password = Password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return new Account(id, username, Password, await LoginAsync(gateway, username));
    }

    public static async Task<Tokens> LoginAsync(HttpClient gateway, string login, string password = Password, string? code = null)
    {
        using var response = await gateway.PostAsJsonAsync("/api/auth/login", new { login, password, code });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, Account? user = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null) request.Headers.Authorization = user.Bearer;
        if (body is not null) request.Content = JsonContent.Create(body);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendWithTokenAsync(this HttpClient client, HttpMethod method, string path, string accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        if (body is not null) request.Content = JsonContent.Create(body);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body);
        return JsonDocument.Parse(body).RootElement;
    }
}
