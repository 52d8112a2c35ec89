namespace AeThexLive.Identity.Domain;

/// <summary>
/// Failed sign-ins to one account from one address, and the lock they lead to. Locking per
/// (account, address), as Auth0 does, stops a guesser without locking the owner out: a
/// stranger's guesses from elsewhere never lock the owner's own address. Written only by the
/// atomic statements in AccountLockout.
/// </summary>
public sealed class AddressLock
{
    private AddressLock() { }

    public Guid UserId { get; private set; }
    public string Address { get; private set; } = "";
    public int FailedCount { get; private set; }
    public DateTime? LockedUntil { get; private set; }
}

/// <summary>An address the account's owner signed in from: it keeps signing in while strangers elsewhere are throttled.</summary>
public sealed class KnownAddress
{
    private KnownAddress() { }

    public Guid UserId { get; private set; }
    public string Address { get; private set; } = "";
    public DateTime LastSignInAt { get; private set; }
}
