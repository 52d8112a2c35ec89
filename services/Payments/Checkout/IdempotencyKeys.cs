using System.Security.Cryptography;
using System.Text;

namespace AeThexLive.Payments.Checkout;

/// <summary>The client's Idempotency-Key and the digest of what it asked for under that key.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Why the key cannot be used, or null: 1–255 visible ASCII characters (a UUID is the usual choice).</summary>
    public static string? Problem(string? key) =>
        string.IsNullOrEmpty(key) ? $"The {Header} header is required: a unique value per payment, the same on every retry of it."
        : key.Length > MaxLength || key.Any(c => c is < '!' or > '~') ? $"{Header} is 1–{MaxLength} visible ASCII characters."
        : null;

    /// <summary>A digest of the request's parameters, so the same key with other parameters is recognised.</summary>
    public static string RequestHash(params object?[] parts)
    {
        var canonical = string.Join('\u001f', parts.Select(p => p switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => p.ToString(),
        }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
