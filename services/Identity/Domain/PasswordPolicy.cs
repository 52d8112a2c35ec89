using System.Reflection;

namespace AeThexLive.Identity.Domain;

/// <summary>
/// What a password must be: at least 10 characters, and neither a well-known password nor
/// a well-known one with digits or symbols tacked on ("password2024!"), nor the user's own
/// name or address.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 1024;

    private static readonly HashSet<string> CommonPasswords = LoadCommonPasswords();

    /// <summary>The reason the password is refused, or null when it is acceptable.</summary>
    public static string? Check(string? password, string username, string email)
    {
        if (password is null || password.Length < MinimumLength) return $"Password must be at least {MinimumLength} characters.";
        if (password.Length > MaximumLength) return $"Password must be at most {MaximumLength} characters.";

        var lower = password.ToLowerInvariant();
        if (IsCommon(lower)) return "That password is one of the most common passwords; choose another.";
        if (lower.Distinct().Count() < 4) return "Password must use more than a few different characters.";
        if (username.Length > 0 && lower.Contains(username, StringComparison.Ordinal)) return "Password must not contain the username.";
        var mailbox = email.Split('@')[0];
        if (mailbox.Length >= 4 && lower.Contains(mailbox, StringComparison.Ordinal)) return "Password must not contain the email address.";
        return null;
    }

    private static bool IsCommon(string lower)
    {
        if (CommonPasswords.Contains(lower)) return true;
        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.?~ ".ToCharArray());
        return stem.Length >= 4 && CommonPasswords.Contains(stem);
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AeThexLive.Identity.Domain.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) passwords.Add(line.ToLowerInvariant());
        }
        return passwords;
    }
}
