namespace AeThexLive.Payments.Ledger;

/// <summary>
/// One money movement: entries that sum to zero per currency, written once and never changed. The database holds
/// both rules too (a deferred constraint trigger checks the sums at commit, other triggers refuse UPDATE and
/// DELETE), and its business key is unique: <c>pi_…:succeeded</c> for a payment, <c>release:…</c> for a release,
/// later <c>in_…:paid</c>, <c>re_…</c>, <c>payout:{id}</c>, so no retried webhook or message can book twice.
/// </summary>
public sealed class LedgerTransaction
{
    private readonly List<LedgerEntry> _entries = [];

    private LedgerTransaction() { }

    private LedgerTransaction(string businessKey, string kind, Guid? channelId, string? sourceType, Guid? sourceId,
        Guid? relatedTransactionId, DateTime occurredAt, DateTime? holdUntil)
    {
        Id = Guid.CreateVersion7();
        BusinessKey = businessKey;
        Kind = kind;
        ChannelId = channelId;
        SourceType = sourceType;
        SourceId = sourceId;
        RelatedTransactionId = relatedTransactionId;
        OccurredAt = occurredAt;
        HoldUntil = holdUntil;
        CreatedAt = DateTime.UtcNow;
    }

    public Guid Id { get; private set; }
    public string BusinessKey { get; private set; } = "";
    /// <summary>donation, gift, subscription (what a payment bought), or release.</summary>
    public string Kind { get; private set; } = "";
    public Guid? ChannelId { get; private set; }
    /// <summary>The row the money is for ("donation", "gift") and its id.</summary>
    public string? SourceType { get; private set; }
    public Guid? SourceId { get; private set; }
    /// <summary>The transaction this one follows from (a release's payment; later a refund's payment).</summary>
    public Guid? RelatedTransactionId { get; private set; }
    /// <summary>The Stripe charge a payment was paid by, so its refunds and disputes find it.</summary>
    public string? ChargeId { get; private set; }
    public DateTime OccurredAt { get; private set; }
    /// <summary>When the creator's pending share of this payment may be released; null when nothing is held.</summary>
    public DateTime? HoldUntil { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    public static Builder Begin(string businessKey, string kind, DateTime occurredAt) => new(businessKey, kind, occurredAt);

    /// <summary>Collects legs and refuses to build an unbalanced transaction (the database would refuse it at commit anyway).</summary>
    public sealed class Builder(string businessKey, string kind, DateTime occurredAt)
    {
        private readonly List<(string Account, Guid? ChannelId, long Amount, string Currency)> _legs = [];
        private Guid? _channelId;
        private string? _sourceType;
        private Guid? _sourceId;
        private Guid? _related;
        private DateTime? _holdUntil;
        private string? _chargeId;

        public Builder PaidBy(string chargeId)
        {
            _chargeId = chargeId;
            return this;
        }

        public Builder For(Guid channelId, string? sourceType = null, Guid? sourceId = null)
        {
            _channelId = channelId;
            _sourceType = sourceType;
            _sourceId = sourceId;
            return this;
        }

        public Builder FollowingFrom(Guid transactionId)
        {
            _related = transactionId;
            return this;
        }

        public Builder HeldUntil(DateTime until)
        {
            _holdUntil = until;
            return this;
        }

        /// <summary>Adds a leg; a zero amount adds nothing (an entry always moves money).</summary>
        public Builder Post(string account, long amountCents, string currency, Guid? channelId = null)
        {
            if (LedgerAccounts.IsPerChannel(account) != channelId.HasValue)
            {
                throw new ArgumentException($"Account {account} {(channelId.HasValue ? "takes no" : "needs a")} channel.", nameof(channelId));
            }
            if (amountCents != 0) _legs.Add((account, channelId, amountCents, currency.ToUpperInvariant()));
            return this;
        }

        public LedgerTransaction Build()
        {
            var unbalanced = _legs.GroupBy(l => l.Currency).Where(g => g.Sum(l => l.Amount) != 0).Select(g => g.Key).ToList();
            if (unbalanced.Count > 0 || _legs.Count < 2)
            {
                throw new InvalidOperationException($"Ledger transaction {businessKey} does not balance ({string.Join(", ", unbalanced)}).");
            }
            var transaction = new LedgerTransaction(businessKey, kind, _channelId, _sourceType, _sourceId, _related, occurredAt, _holdUntil)
            {
                ChargeId = _chargeId,
            };
            transaction._entries.AddRange(_legs.Select(l => new LedgerEntry(transaction.Id, l.Account, l.ChannelId, l.Amount, l.Currency)));
            return transaction;
        }
    }
}
