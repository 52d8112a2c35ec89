using System.Security.Cryptography;
using System.Text;

namespace AeThexLive.StripeSandbox.Webhooks;

/// <summary>
/// Stripe's webhook signature: <c>Stripe-Signature: t={unix seconds},v1={hex HMAC-SHA256}</c> of
/// <c>"{t}.{body}"</c>, keyed with the whole endpoint secret (<c>whsec_…</c>) as UTF-8 bytes.
/// </summary>
internal static class WebhookSigner
{
    public static string Header(string body, string secret, long timestamp)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var payload = Encoding.UTF8.GetBytes($"{timestamp}.{body}");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, payload));
        return $"t={timestamp},v1={signature}";
    }
}
