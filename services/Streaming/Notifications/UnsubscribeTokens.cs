using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AeThexLive.Streaming.Live;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Notifications;

/// <summary>
/// The token of a go-live email's one-click unsubscribe link: the follower and the channel, signed with
/// HMAC-SHA256 under a key derived from the service's secret. Opening it needs no sign-in (mail clients
/// POST it on their own, RFC 8058), so the signature is what makes it unguessable: without the secret,
/// nobody can turn off another follower's bell.
/// </summary>
public sealed class UnsubscribeTokens
{
    private const int IdSize = 16;
    private const int TagSize = 16;
    private const int TokenSize = IdSize * 2 + TagSize;
    private readonly byte[] _key;

    public UnsubscribeTokens(IOptions<IngestOptions> options)
    {
        var secret = options.Value.StreamKeyEncryptionKey;
        if (secret.Length < 16) throw new InvalidOperationException("Ingest:StreamKeyEncryptionKey must be set (at least 16 characters).");
        // A key of its own for this purpose: a signature can never be mistaken for anything the stream-key cipher makes.
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "aethex-live/unsubscribe/v1"u8.ToArray());
    }

    public static int Length { get; } = Base64Url.GetEncodedLength(TokenSize);

    public string Issue(Guid userId, Guid channelId)
    {
        Span<byte> token = stackalloc byte[TokenSize];
        userId.TryWriteBytes(token[..IdSize]);
        channelId.TryWriteBytes(token[IdSize..(IdSize * 2)]);
        Sign(token[..(IdSize * 2)], token[(IdSize * 2)..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The follower and channel a token names, if it is one this service signed.</summary>
    public bool TryRead(string? presented, out Guid userId, out Guid channelId)
    {
        (userId, channelId) = (Guid.Empty, Guid.Empty);
        Span<byte> token = stackalloc byte[TokenSize];
        if (presented is null || presented.Length != Length || !Base64Url.IsValid(presented)
            || !Base64Url.TryDecodeFromChars(presented, token, out var written) || written != TokenSize)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[TagSize];
        Sign(token[..(IdSize * 2)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, token[(IdSize * 2)..])) return false;
        userId = new Guid(token[..IdSize]);
        channelId = new Guid(token[IdSize..(IdSize * 2)]);
        return true;
    }

    private void Sign(ReadOnlySpan<byte> ids, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, ids, full);
        full[..TagSize].CopyTo(tag);
    }
}
