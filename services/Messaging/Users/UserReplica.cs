namespace AeThexLive.Messaging.Users;

/// <summary>
/// A service's local copy of a user's public names, kept from Identity's events so the service
/// never has to ask Identity. One building block for every service that keeps users: a DbContext
/// that implements <see cref="IKeepsUserReplicas"/> gets the table and the consumers that fill it.
/// </summary>
public sealed class UserReplica
{
    private UserReplica() { }

    public Guid UserId { get; private set; }
    public string Username { get; private set; } = "";
    public string? DisplayName { get; private set; }
    /// <summary>When Identity made the change this copy reflects (not when it arrived here).</summary>
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The name to show: the display name when there is one, else the username.</summary>
    public string ShownName => string.IsNullOrWhiteSpace(DisplayName) ? Username : DisplayName;
}
