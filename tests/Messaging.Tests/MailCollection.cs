using AeThexLive.TestSupport;

namespace AeThexLive.Messaging.Tests;

/// <summary>Tests that send real mail: PostgreSQL for the outbox, smtp4dev to receive it (one test at a time, as some stop the server).</summary>
[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<LocalPostgres>, ICollectionFixture<LocalSmtp4dev>
{
    public const string Name = "mail";
}
