using System.Security.Cryptography;

namespace AeThexLive.Content.Domain;

/// <summary>
/// Clip slugs in Twitch's style: three words and a random tail (BraveQuietOtter-x7Kq2pLmN4Rz).
/// The words make a slug easy to say; the 12 random characters (about 71 bits) make it
/// impossible to guess or enumerate, and nothing about it is sequential.
/// </summary>
public static class ClipSlugs
{
    private static readonly string[] Adjectives =
    [
        "Agile", "Bold", "Brave", "Bright", "Calm", "Clever", "Cosmic", "Crispy", "Curious", "Daring", "Eager", "Elegant", "Epic", "Fancy",
        "Fierce", "Fluffy", "Gentle", "Giddy", "Glossy", "Golden", "Happy", "Hidden", "Humble", "Jolly", "Kind", "Lively", "Lucky", "Mighty",
        "Misty", "Nimble", "Noble", "Odd", "Proud", "Quick", "Quiet", "Rapid", "Sassy", "Shiny", "Silly", "Sleepy", "Smooth", "Snappy",
        "Spicy", "Steady", "Sunny", "Swift", "Tender", "Tiny", "Vivid", "Wild", "Witty", "Zany",
    ];

    private static readonly string[] Nouns =
    [
        "Badger", "Beaver", "Bison", "Cobra", "Condor", "Coyote", "Crane", "Dolphin", "Eagle", "Falcon", "Ferret", "Gecko", "Heron", "Ibis",
        "Jaguar", "Koala", "Lemur", "Lynx", "Marmot", "Moose", "Narwhal", "Ocelot", "Orca", "Otter", "Panda", "Pelican", "Puffin", "Quokka",
        "Raccoon", "Raven", "Salmon", "Seal", "Sloth", "Sparrow", "Tapir", "Tiger", "Toucan", "Turtle", "Walrus", "Weasel", "Wombat", "Yak",
    ];

    private const string TailAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() =>
        $"{Pick(Adjectives)}{Pick(Adjectives)}{Pick(Nouns)}-{RandomNumberGenerator.GetString(TailAlphabet, 12)}";

    private static string Pick(string[] words) => words[RandomNumberGenerator.GetInt32(words.Length)];

    /// <summary>Whether text could be a slug at all (a cheap refusal before the database is asked).</summary>
    public static bool IsPlausible(string slug) =>
        slug.Length is > 0 and <= 100 && slug.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
