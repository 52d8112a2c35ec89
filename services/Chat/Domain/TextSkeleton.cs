using System.Globalization;
using System.Text;

namespace AeThexLive.Chat.Domain;

/// <summary>
/// A string folded to what it looks like, so a blocked term cannot be passed with a look-alike
/// letter (Cyrillic "а" for Latin "a"), a zero-width character, an accent or a change of case:
/// compatibility decomposition (full-width and styled letters become plain ones), marks and
/// invisible format characters dropped, lower case, then the confusable letters of Unicode TR39
/// that matter for Latin text mapped to their Latin prototype.
/// </summary>
public static class TextSkeleton
{
    public static string Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormKD).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.Format or UnicodeCategory.Control) continue;
            var lower = Rune.ToLowerInvariant(rune);
            if (lower.IsBmp && Confusables.TryGetValue((char)lower.Value, out var prototype)) builder.Append(prototype);
            else builder.Append(lower.ToString());
        }
        return builder.ToString();
    }

    /// <summary>From TR39's confusables.txt: lower-case Cyrillic, Greek and other letters (and digits) that look like Latin ones.</summary>
    private static readonly IReadOnlyDictionary<char, char> Confusables = new Dictionary<char, char>
    {
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['с'] = 'c', ['ԁ'] = 'd', ['е'] = 'e', ['ё'] = 'e', ['һ'] = 'h', ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j',
        ['к'] = 'k', ['ӏ'] = 'l', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p', ['ԛ'] = 'q', ['ѕ'] = 's', ['т'] = 't', ['џ'] = 'u',
        ['ѵ'] = 'v', ['ԝ'] = 'w', ['х'] = 'x', ['у'] = 'y', ['ў'] = 'y', ['г'] = 'r', ['п'] = 'n', ['ь'] = 'b', ['ԍ'] = 'g',
        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p', ['τ'] = 't',
        ['υ'] = 'u', ['χ'] = 'x', ['γ'] = 'y', ['ω'] = 'w', ['ϲ'] = 'c', ['ϳ'] = 'j',
        // Armenian and others
        ['օ'] = 'o', ['ս'] = 'u', ['ց'] = 'g', ['հ'] = 'h', ['ո'] = 'n', ['ɑ'] = 'a', ['ɡ'] = 'g', ['ı'] = 'i', ['ȷ'] = 'j', ['ⅼ'] = 'l',
        // Digits that read as letters
        ['0'] = 'o', ['1'] = 'l',
    };
}
