using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>A creator reads who supported the channel, one paid donation or gift at a time, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SupportHistoryTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly PaymentFlows _pay = new(platform);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
        _pay.Dispose();
    }

    [Fact]
    public async Task The_owner_and_admins_see_paid_donations_and_gifts_newest_first_and_nobody_else_does()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        var channelId = (await Channels.GetAsync(_pay.Gateway, slug)).GetProperty("id").GetGuid();
        await _pay.WaitChannelKnownAsync(owner, slug);
        var early = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var late = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var declined = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var unpaid = await Accounts.RegisterAndLoginAsync(_pay.Gateway);

        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(await _pay.StartDonationAsync(early, slug, 500, "first!")));
        Assert.True(await _pay.DonationsCompletedAsync(channelId, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(await _pay.StartDonationAsync(late, slug, 1200)));
        Assert.True(await _pay.DonationsCompletedAsync(channelId, 2, TimeSpan.FromSeconds(20)));
        // A declined card and a donation never paid are not support received.
        var refused = await _pay.StartDonationAsync(declined, slug, 700);
        Assert.Equal(HttpStatusCode.PaymentRequired, await _pay.ConfirmAsync(refused, "pm_card_visa_chargeDeclined"));
        await _pay.StartDonationAsync(unpaid, slug, 900);

        var gift = await Eventually.ValueAsync(async () =>
        {
            var body = new { channelSlug = slug, giftType = "rocket", quantity = 2, message = "go go" };
            using var response = await _pay.GiftAsync(late, body, Guid.NewGuid().ToString());
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, a => a.StatusCode != HttpStatusCode.NotFound, TimeSpan.FromSeconds(15));
        Assert.True(gift.StatusCode == HttpStatusCode.Created, gift.Body);
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(Started.From(JsonDocument.Parse(gift.Body).RootElement)));

        var admin = await platform.AdminAsync();
        foreach (var reader in new[] { owner, admin })
        {
            var donations = await ListAsync(reader, $"/api/channels/{slug}/donations");
            Assert.Equal([late.Username, early.Username], donations.Select(d => d.GetProperty("donor").GetString()));
            Assert.Equal([1200L, 500L], donations.Select(d => d.GetProperty("amountCents").GetInt64()));
            Assert.Equal("first!", donations[1].GetProperty("message").GetString());
            Assert.Equal("USD", donations[0].GetProperty("currency").GetString());

            var gifts = await Eventually.ValueAsync(() => ListAsync(reader, $"/api/channels/{slug}/gifts"), g => g.Count == 1,
                TimeSpan.FromSeconds(20));
            var rockets = Assert.Single(gifts);
            Assert.Equal(late.Username, rockets.GetProperty("gifter").GetString());
            Assert.Equal("rocket", rockets.GetProperty("giftType").GetString());
            Assert.Equal(2, rockets.GetProperty("quantity").GetInt32());
            Assert.Equal(5000, rockets.GetProperty("amountCents").GetInt64());
            Assert.Equal("go go", rockets.GetProperty("message").GetString());
        }

        // One at a time: the cursor leads to the older one, and the last page has none.
        using (var first = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/donations?limit=1", owner))
        {
            var page = await first.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(late.Username, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("donor").GetString());
            var cursor = page.GetProperty("nextCursor").GetString();
            var next = $"/api/channels/{slug}/donations?limit=1&cursor={cursor}";
            using var second = await _pay.Gateway.SendAsync(HttpMethod.Get, next, owner);
            var rest = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(early.Username, Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("donor").GetString());
            Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
        }

        foreach (var path in new[] { $"/api/channels/{slug}/donations", $"/api/channels/{slug}/gifts" })
        {
            using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Get, path))
                await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
            using (var supporter = await _pay.Gateway.SendAsync(HttpMethod.Get, path, late))
                await Accounts.ProblemAsync(supporter, HttpStatusCode.Forbidden);
            using (var badCursor = await _pay.Gateway.SendAsync(HttpMethod.Get, $"{path}?cursor=nonsense", owner))
                await Accounts.ProblemAsync(badCursor, HttpStatusCode.BadRequest);
            using (var badLimit = await _pay.Gateway.SendAsync(HttpMethod.Get, $"{path}?limit=0", owner))
                await Accounts.ProblemAsync(badLimit, HttpStatusCode.BadRequest);
        }
        using (var unknown = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/channels/no-such-channel-here/donations", owner))
            await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    private async Task<List<JsonElement>> ListAsync(Account reader, string path)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Get, path, reader);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }
}
