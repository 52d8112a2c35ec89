using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Live;

public sealed record NewStreamKey(string Key, string Hash, byte[] Encrypted);

/// <summary>
/// Stream keys: 192 random bits, found at ingest by their SHA-256 hash and kept readable for
/// the owner only as AES-256-GCM ciphertext under a key from configuration, not the database.
/// </summary>
public sealed class StreamKeyVault
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _encryptionKey;

    public StreamKeyVault(IOptions<IngestOptions> options)
    {
        var secret = options.Value.StreamKeyEncryptionKey;
        if (secret.Length < 16) throw new InvalidOperationException("Ingest:StreamKeyEncryptionKey must be set (at least 16 characters).");
        _encryptionKey = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    public NewStreamKey Generate()
    {
        var key = "live_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        return new NewStreamKey(key, Hash(key), Encrypt(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public string Decrypt(byte[] sealedKey)
    {
        var nonce = sealedKey.AsSpan(0, NonceSize);
        var tag = sealedKey.AsSpan(NonceSize, TagSize);
        var cipher = sealedKey.AsSpan(NonceSize + TagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(nonce, cipher, tag, plain);
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Encrypt(string key)
    {
        var plain = Encoding.UTF8.GetBytes(key);
        var sealedKey = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize));
        return sealedKey;
    }
}
