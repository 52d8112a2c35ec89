using System.Security.Cryptography;

namespace AeThexLive.Identity.Domain;

/// <summary>
/// An RSA key access tokens are signed with. A key is published from creation, signs from
/// <see cref="ActivatesAt"/> until the next key activates, and stays published until the
/// last token it signed has expired.
/// </summary>
public sealed class SigningKey
{
    private SigningKey() { }

    private SigningKey(string kid, byte[] privateKey, DateTime createdAt, DateTime activatesAt)
    {
        Kid = kid;
        PrivateKey = privateKey;
        CreatedAt = createdAt;
        ActivatesAt = activatesAt;
    }

    public string Kid { get; private set; } = "";
    public string Algorithm { get; private set; } = "RS256";
    /// <summary>PKCS#8 DER.</summary>
    public byte[] PrivateKey { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime ActivatesAt { get; private set; }

    public static SigningKey Generate(DateTime now, DateTime activatesAt)
    {
        using var rsa = RSA.Create(2048);
        var kid = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return new SigningKey(kid, rsa.ExportPkcs8PrivateKey(), now, activatesAt);
    }
}
