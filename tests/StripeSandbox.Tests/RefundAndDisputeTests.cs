using System.Net;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class RefundAndDisputeTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Partial_refunds_then_the_rest_refund_the_charge_once_each()
    {
        var intent = await PaidIntentAsync(1000);
        var refunds = new RefundService(sandbox.Client());

        var first = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 300 });
        var second = await refunds.CreateAsync(new RefundCreateOptions { Charge = intent.LatestChargeId, Amount = 200 });
        var rest = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Reason = "requested_by_customer" });

        Assert.StartsWith("re_", first.Id);
        Assert.Equal("succeeded", first.Status);
        Assert.Equal(500, rest.Amount);
        var charge = await new ChargeService(sandbox.Client()).GetAsync(intent.LatestChargeId);
        Assert.True(charge.Refunded);
        Assert.Equal(1000, charge.AmountRefunded);
        Assert.Equal(3, charge.Refunds.Data.Count);
        var transaction = await new BalanceTransactionService(sandbox.Client()).GetAsync(second.BalanceTransactionId);
        Assert.Equal(-200, transaction.Amount);
        Assert.Equal("refund", transaction.Type);
        Assert.Equal(0, transaction.Fee);

        var again = await Assert.ThrowsAsync<StripeException>(() =>
            refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id }));
        Assert.Equal("charge_already_refunded", again.StripeError.Code);

        await sandbox.DeliveriesSettledAsync();
        Assert.Equal(3, sandbox.Receiver.OfType("refund.created").Count);
        var refunded = sandbox.Receiver.OfType("charge.refunded").Select(e => ((Charge)e.Data.Object).AmountRefunded).Order();
        Assert.Equal([300, 500, 1000], refunded);
    }

    [Fact]
    public async Task Refund_larger_than_what_is_left_is_refused()
    {
        var intent = await PaidIntentAsync(1000);
        await new RefundService(sandbox.Client()).CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 900 });

        var refused = await Assert.ThrowsAsync<StripeException>(() => new RefundService(sandbox.Client())
            .CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id, Amount = 200 }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("amount", refused.StripeError.Param);
    }

    [Fact]
    public async Task Dispute_withdraws_the_amount_and_a_fee_then_winning_it_reinstates_the_amount()
    {
        var intent = await PaidIntentAsync(2500);

        var opened = await sandbox.ControlAsync($"/_sandbox/charges/{intent.LatestChargeId}/dispute", new { reason = "fraudulent" });
        var disputeId = opened.GetProperty("id").GetString()!;

        var dispute = await new DisputeService(sandbox.Client()).GetAsync(disputeId);
        Assert.StartsWith("dp_", dispute.Id);
        Assert.Equal("needs_response", dispute.Status);
        Assert.Equal(2500, dispute.Amount);
        var withdrawal = Assert.Single(dispute.BalanceTransactions);
        Assert.Equal(-2500, withdrawal.Amount);
        Assert.Equal(1500, withdrawal.Fee);
        Assert.True((await new ChargeService(sandbox.Client()).GetAsync(intent.LatestChargeId)).Disputed);
        var refund = await Assert.ThrowsAsync<StripeException>(() => new RefundService(sandbox.Client())
            .CreateAsync(new RefundCreateOptions { PaymentIntent = intent.Id }));
        Assert.Equal("charge_disputed", refund.StripeError.Code);

        await sandbox.ControlAsync($"/_sandbox/disputes/{disputeId}/close", new { outcome = "won" });

        var closed = await sandbox.Receiver.WaitForAsync("charge.dispute.closed");
        Assert.Equal("won", ((Dispute)closed.Data.Object).Status);
        await sandbox.Receiver.WaitForAsync("charge.dispute.created");
        await sandbox.Receiver.WaitForAsync("charge.dispute.funds_withdrawn");
        var reinstated = await sandbox.Receiver.WaitForAsync("charge.dispute.funds_reinstated");
        Assert.Equal(2, ((Dispute)reinstated.Data.Object).BalanceTransactions.Count);
        var balance = await new BalanceService(sandbox.Client()).GetAsync();
        // 2.9 % of 2500 is 72.5, rounded half up to 73, plus 30: a fee of 103.
        Assert.Equal(2500 - 103 - 1500, balance.Available.Single(b => b.Currency == "usd").Amount);
    }

    [Fact]
    public async Task Accepting_a_dispute_through_the_api_loses_it()
    {
        var intent = await PaidIntentAsync(1000);
        var opened = await sandbox.ControlAsync($"/_sandbox/charges/{intent.LatestChargeId}/dispute", new { amount = 600 });

        var lost = await new DisputeService(sandbox.Client()).CloseAsync(opened.GetProperty("id").GetString()!);

        Assert.Equal("lost", lost.Status);
        Assert.Equal(600, lost.Amount);
        var closed = await sandbox.Receiver.WaitForAsync("charge.dispute.closed");
        Assert.Equal("lost", ((Dispute)closed.Data.Object).Status);
    }

    [Fact]
    public async Task The_dispute_test_card_is_disputed_right_after_it_pays()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 5000,
            Currency = "usd",
            PaymentMethod = "pm_card_createDispute",
            Confirm = true,
        });

        Assert.Equal("succeeded", intent.Status);
        var disputes = await new DisputeService(sandbox.Client()).ListAsync(new DisputeListOptions { PaymentIntent = intent.Id });
        Assert.Equal("fraudulent", Assert.Single(disputes.Data).Reason);
    }

    private async Task<PaymentIntent> PaidIntentAsync(long amount) =>
        await new PaymentIntentService(sandbox.Client()).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = amount,
            Currency = "usd",
            PaymentMethod = "pm_card_visa",
            Confirm = true,
        });
}
