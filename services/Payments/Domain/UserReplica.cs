namespace AeThexLive.Payments.Domain;

/// <summary>A local copy of a user's names, kept from Identity's events so this service never has to ask Identity.</summary>
public sealed class UserReplica
{
    private UserReplica() { }

    public UserReplica(Guid userId, string username, string? displayName, DateTime updatedAt)
    {
        UserId = userId;
        Username = username;
        DisplayName = displayName;
        UpdatedAt = updatedAt;
    }

    public Guid UserId { get; private set; }
    public string Username { get; private set; } = "";
    public string? DisplayName { get; private set; }
    /// <summary>When Identity made the change this copy reflects (not when it arrived here).</summary>
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Takes the names as of <paramref name="changedAt"/>; an event older than the copy is ignored, so late arrivals never roll it back.</summary>
    public void Apply(string username, string? displayName, DateTime changedAt)
    {
        if (changedAt < UpdatedAt) return;
        Username = username;
        DisplayName = displayName;
        UpdatedAt = changedAt;
    }
}
