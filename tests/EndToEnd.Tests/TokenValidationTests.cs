using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// Tokens are checked by every service with the keys Identity publishes, and by the gateway
/// before it forwards anything. Streaming's followed-channels route stands in for "a service".
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenValidationTests(PlatformFixture platform)
{
    private const string ProtectedPath = "/api/users/me/followed-channels";

    [Fact]
    public async Task A_token_minted_by_identity_is_accepted_by_another_service_directly_and_through_the_gateway()
    {
        using var gateway = platform.CreateGatewayClient();
        using var streaming = platform.CreateServiceClient("streaming");
        var account = await Accounts.RegisterAndLoginAsync(gateway);

        foreach (var client in new[] { streaming, gateway })
        {
            using var response = await client.SendWithTokenAsync(HttpMethod.Get, ProtectedPath, account.Tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        }

        using var anonymous = await streaming.GetAsync(ProtectedPath);
        var problem = await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.EndsWith("/unauthenticated", problem.GetProperty("type").GetString());
    }

    public static TheoryData<string> BadTokens => new()
    {
        "tampered", "alg-none", "unknown-kid", "expired", "not-yet-valid", "wrong-audience", "wrong-issuer", "hs256-with-public-key", "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_with_401_by_the_service_and_by_the_gateway(string kind)
    {
        using var gateway = platform.CreateGatewayClient();
        using var streaming = platform.CreateServiceClient("streaming");
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var token = await ForgeAsync(kind, account);

        foreach (var (name, client) in new[] { ("streaming", streaming), ("gateway", gateway) })
        {
            using var response = await client.SendWithTokenAsync(HttpMethod.Get, ProtectedPath, token);
            var problem = await Accounts.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.True(problem.GetProperty("type").GetString()!.EndsWith("/invalid-token"), $"{name}: {problem}");
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        }
    }

    private async Task<string> ForgeAsync(string kind, Account account)
    {
        var (kid, privateKey) = await TestTokens.CurrentSigningKeyAsync(platform);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(privateKey, out _);
        var realKey = new RsaSecurityKey(rsa) { KeyId = kid };
        var now = DateTime.UtcNow;

        switch (kind)
        {
            case "tampered":
            {
                // Same signature, payload changed to claim admin.
                var parts = account.Tokens.AccessToken.Split('.');
                var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64Url.DecodeFromChars(parts[1]))!;
                payload["role"] = "admin";
                return $"{parts[0]}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
            }
            case "alg-none":
            {
                var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "at+jwt", kid }));
                return $"{header}.{account.Tokens.AccessToken.Split('.')[1]}.";
            }
            case "unknown-kid":
            {
                using var other = RSA.Create(2048);
                return TestTokens.Sign(new RsaSecurityKey(other) { KeyId = "not-a-published-key" }, SecurityAlgorithms.RsaSha256, account.Id, account.Username, now, now.AddMinutes(15), platform.PublicOrigin);
            }
            case "expired":
                return TestTokens.Sign(realKey, SecurityAlgorithms.RsaSha256, account.Id, account.Username, now.AddHours(-2), now.AddHours(-1), platform.PublicOrigin);
            case "not-yet-valid":
                return TestTokens.Sign(realKey, SecurityAlgorithms.RsaSha256, account.Id, account.Username, now.AddHours(1), now.AddHours(2), platform.PublicOrigin);
            case "wrong-audience":
                return TestTokens.Sign(realKey, SecurityAlgorithms.RsaSha256, account.Id, account.Username, now, now.AddMinutes(15), platform.PublicOrigin, audience: "someone-else");
            case "wrong-issuer":
                // Identity's old, internal name is no longer who issues tokens.
                return TestTokens.Sign(realKey, SecurityAlgorithms.RsaSha256, account.Id, account.Username, now, now.AddMinutes(15), "http://identity");
            case "hs256-with-public-key":
            {
                // The classic confusion attack: HMAC keyed with the (public) RSA modulus.
                var secret = new SymmetricSecurityKey(rsa.ExportParameters(false).Modulus!) { KeyId = kid };
                return TestTokens.Sign(secret, SecurityAlgorithms.HmacSha256, account.Id, account.Username, now, now.AddMinutes(15), platform.PublicOrigin);
            }
            case "garbage":
                return "not.a.jwt";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
