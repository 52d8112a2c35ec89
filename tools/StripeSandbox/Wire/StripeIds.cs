using System.Security.Cryptography;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>Ids shaped like Stripe's: a type prefix and a random tail (<c>pi_3Q…</c>, <c>cus_Q…</c>).</summary>
internal static class StripeIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) => $"{prefix}_{Random(length)}";

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
