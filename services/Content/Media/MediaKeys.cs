using System.Buffers.Text;
using System.Security.Cryptography;

namespace AeThexLive.Content.Media;

public static class MediaKeys
{
    /// <summary>128 random bits, base64url: a media folder nobody can find by counting or guessing.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether a stored key is one <see cref="New"/> made (never a path).</summary>
    public static bool IsWellFormed(string key) =>
        key.Length == 22 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
