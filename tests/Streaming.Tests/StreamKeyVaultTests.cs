using System.Security.Cryptography;
using AeThexLive.Streaming.Live;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Tests;

public sealed class StreamKeyVaultTests
{
    private static StreamKeyVault Vault(string secret = "a secret that lives outside the database") =>
        new(Options.Create(new IngestOptions { StreamKeyEncryptionKey = secret }));

    [Fact]
    public void Keys_are_random_found_by_hash_and_readable_only_with_the_configured_secret()
    {
        var vault = Vault();
        var keys = Enumerable.Range(0, 200).Select(_ => vault.Generate()).ToList();

        Assert.Equal(200, keys.Select(k => k.Key).Distinct().Count());
        Assert.All(keys, k => Assert.True(k.Key.Length >= "live_".Length + 32, "192 bits, base64url"));
        Assert.All(keys, k => Assert.Equal(StreamKeyVault.Hash(k.Key), k.Hash));
        Assert.All(keys, k => Assert.Equal(k.Key, vault.Decrypt(k.Encrypted)));
        Assert.All(keys, k => Assert.DoesNotContain(k.Key, System.Text.Encoding.UTF8.GetString(k.Encrypted)));

        Assert.ThrowsAny<CryptographicException>(() => Vault("some other secret entirely").Decrypt(keys[0].Encrypted));
    }

    [Fact]
    public void A_missing_secret_stops_the_service_rather_than_storing_keys_readably()
    {
        Assert.Throws<InvalidOperationException>(() => Vault(""));
    }
}
