using System.Net;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ConnectTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Express_account_onboards_through_its_link_and_announces_account_updated()
    {
        var account = await CreateAccountAsync();
        Assert.False(account.PayoutsEnabled);
        Assert.NotEmpty(account.Requirements.CurrentlyDue);

        var link = await new AccountLinkService(sandbox.Client()).CreateAsync(new AccountLinkCreateOptions
        {
            Account = account.Id,
            Type = "account_onboarding",
            RefreshUrl = "https://aethex.example/payouts/refresh",
            ReturnUrl = "https://aethex.example/payouts/done",
        });
        Assert.True(link.ExpiresAt > link.Created);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var followed = await browser.GetAsync(link.Url);

        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Equal("https://aethex.example/payouts/done", followed.Headers.Location!.ToString());
        var onboarded = await new AccountService(sandbox.Client()).GetAsync(account.Id);
        Assert.True(onboarded.PayoutsEnabled);
        Assert.True(onboarded.DetailsSubmitted);
        Assert.Equal("active", onboarded.Capabilities.Transfers);
        var updated = await sandbox.Receiver.WaitForAsync("account.updated");
        Assert.Equal(account.Id, updated.Account);
        Assert.True(((Account)updated.Data.Object).PayoutsEnabled);
        Assert.False((bool)updated.Data.PreviousAttributes["payouts_enabled"]);

        using var usedAgain = await browser.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.Gone, usedAgain.StatusCode);
    }

    [Fact]
    public async Task Transfer_moves_money_to_the_account_and_a_reversal_takes_part_of_it_back()
    {
        await ChargeAsync(10_000);
        var account = await OnboardedAccountAsync();
        var transfers = new TransferService(sandbox.Client());

        var transfer = await transfers.CreateAsync(new TransferCreateOptions
        {
            Amount = 5000,
            Currency = "usd",
            Destination = account.Id,
            TransferGroup = "payout-2026-01",
            Metadata = new Dictionary<string, string> { ["channel"] = "c-1" },
        }, new RequestOptions { IdempotencyKey = "payout:c-1:2026-01" });

        Assert.StartsWith("tr_", transfer.Id);
        Assert.Equal(5000, await AvailableAsync(account.Id));
        var reversal = await new TransferReversalService(sandbox.Client())
            .CreateAsync(transfer.Id, new TransferReversalCreateOptions { Amount = 2000 });
        Assert.StartsWith("trr_", reversal.Id);
        var after = await transfers.GetAsync(transfer.Id);
        Assert.Equal(2000, after.AmountReversed);
        Assert.False(after.Reversed);
        Assert.Single(after.Reversals.Data);
        Assert.Equal(3000, await AvailableAsync(account.Id));
        Assert.Equal(10_000 - 320 - 5000 + 2000, await AvailableAsync(null));
        await sandbox.Receiver.WaitForAsync("transfer.created");
        await sandbox.Receiver.WaitForAsync("transfer.reversed");
    }

    [Fact]
    public async Task Transfers_are_refused_to_accounts_not_onboarded_or_beyond_the_balance()
    {
        await ChargeAsync(1000);
        var pending = await CreateAccountAsync();
        var ready = await OnboardedAccountAsync();
        var transfers = new TransferService(sandbox.Client());

        var notOnboarded = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(
            new TransferCreateOptions { Amount = 100, Currency = "usd", Destination = pending.Id }));
        Assert.Equal("insufficient_capabilities_for_transfer", notOnboarded.StripeError.Code);

        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(
            new TransferCreateOptions { Amount = 5000, Currency = "usd", Destination = ready.Id }));
        Assert.Equal("balance_insufficient", tooMuch.StripeError.Code);
    }

    [Fact]
    public async Task Payout_of_a_connected_account_is_paid_when_it_arrives()
    {
        await ChargeAsync(10_000);
        var account = await OnboardedAccountAsync();
        await new TransferService(sandbox.Client()).CreateAsync(new TransferCreateOptions
        {
            Amount = 6000,
            Currency = "usd",
            Destination = account.Id,
        });
        var onAccount = new RequestOptions { StripeAccount = account.Id };

        var payout = await new PayoutService(sandbox.Client())
            .CreateAsync(new PayoutCreateOptions { Amount = 6000, Currency = "usd" }, onAccount);
        Assert.Equal("pending", payout.Status);
        Assert.Equal(0, await AvailableAsync(account.Id));

        await sandbox.AdvanceClockAsync(2);

        var paid = await sandbox.Receiver.WaitForAsync("payout.paid");
        Assert.Equal(account.Id, paid.Account);
        Assert.Equal(payout.Id, ((Payout)paid.Data.Object).Id);
        Assert.Equal("paid", (await new PayoutService(sandbox.Client()).GetAsync(payout.Id, null, onAccount)).Status);
        var hidden = await Assert.ThrowsAsync<StripeException>(() => new PayoutService(sandbox.Client()).GetAsync(payout.Id));
        Assert.Equal(HttpStatusCode.NotFound, hidden.HttpStatusCode);
    }

    [Fact]
    public async Task Payout_to_a_closed_bank_account_fails_and_the_money_returns()
    {
        await ChargeAsync(10_000);
        var account = await OnboardedAccountAsync();
        await new TransferService(sandbox.Client()).CreateAsync(new TransferCreateOptions
        {
            Amount = 4000,
            Currency = "usd",
            Destination = account.Id,
        });
        await sandbox.ControlAsync($"/_sandbox/accounts/{account.Id}/payout-failures", new { enabled = true });
        var onAccount = new RequestOptions { StripeAccount = account.Id };

        await new PayoutService(sandbox.Client()).CreateAsync(new PayoutCreateOptions { Amount = 4000, Currency = "usd" }, onAccount);
        await sandbox.AdvanceClockAsync(3);

        var failed = await sandbox.Receiver.WaitForAsync("payout.failed");
        var payout = (Payout)failed.Data.Object;
        Assert.Equal("failed", payout.Status);
        Assert.Equal("account_closed", payout.FailureCode);
        Assert.Equal(4000, await AvailableAsync(account.Id));
    }

    [Fact]
    public async Task Restricted_account_cannot_pay_out()
    {
        var account = await OnboardedAccountAsync();
        await sandbox.ControlAsync($"/_sandbox/accounts/{account.Id}/restrict", new { reason = "requirements.past_due" });

        var refused = await Assert.ThrowsAsync<StripeException>(() => new PayoutService(sandbox.Client())
            .CreateAsync(new PayoutCreateOptions { Amount = 100, Currency = "usd" }, new RequestOptions { StripeAccount = account.Id }));

        Assert.Equal("payouts_not_allowed", refused.StripeError.Code);
        var restricted = await sandbox.Receiver.WaitForAsync("account.updated", e => !((Account)e.Data.Object).PayoutsEnabled);
        Assert.Equal(account.Id, restricted.Account);
    }

    private async Task<Account> CreateAccountAsync() => await new AccountService(sandbox.Client()).CreateAsync(new AccountCreateOptions
    {
        Type = "express",
        Country = "US",
        Email = "creator@example.com",
        Capabilities = new AccountCapabilitiesOptions
        {
            Transfers = new AccountCapabilitiesTransfersOptions { Requested = true },
        },
        Metadata = new Dictionary<string, string> { ["user_id"] = "u-1" },
    });

    private async Task<Account> OnboardedAccountAsync()
    {
        var account = await CreateAccountAsync();
        await sandbox.ControlAsync($"/_sandbox/accounts/{account.Id}/onboard");
        return account;
    }

    private async Task ChargeAsync(long amount) =>
        await new PaymentIntentService(sandbox.Client()).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = amount,
            Currency = "usd",
            PaymentMethod = "pm_card_visa",
            Confirm = true,
        });

    private async Task<long> AvailableAsync(string? account)
    {
        var balance = await new BalanceService(sandbox.Client()).GetAsync(null, new RequestOptions { StripeAccount = account });
        return balance.Available.Single(b => b.Currency == "usd").Amount;
    }
}
