using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>A channel owner as a tournament sees them: their token and the channel they enter with.</summary>
public sealed record Competitor(Guid UserId, string Token, string Slug);

/// <summary>Organisers and crowds of competitors for tournament and leaderboard tests, made through the gateway.</summary>
public static class Competitors
{
    /// <summary>
    /// Channel owners with tokens signed by Identity's key (no sign-up per person, which a crowd
    /// of 100 would make slow), each with a channel opened through Streaming in parallel; returns
    /// once Competition knows every channel.
    /// </summary>
    public static async Task<List<Competitor>> CrowdAsync(PlatformFixture platform, int count)
    {
        var users = await TestTokens.MintAsync(platform, count);
        using var gateway = platform.CreateGatewayClient();
        var crowd = await Task.WhenAll(users.Select(async user =>
        {
            var slug = Channels.NewSlug();
            using var created = await gateway.SendWithTokenAsync(HttpMethod.Post, "/api/channels", user.Token, new { name = $"Team {slug}", slug });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return new Competitor(user.UserId, user.Token, slug);
        }));
        await WaitForChannelsAsync(gateway, crowd.Select(c => c.Slug));
        return [.. crowd];
    }

    /// <summary>A signed-up user who opened a channel, signed in again so their token carries the creator role.</summary>
    public static async Task<(Account Account, string Slug)> OrganiserAsync(PlatformFixture platform)
    {
        using var gateway = platform.CreateGatewayClient();
        var account = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, account);
        var tokens = await Eventually.ValueAsync(() => Accounts.LoginAsync(gateway, account.Username),
            t => new JsonWebToken(t.AccessToken).Claims.Any(c => c.Type == "role" && c.Value == "creator"),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500));
        await WaitForChannelsAsync(gateway, [slug]);
        return (account with { Tokens = tokens }, slug);
    }

    /// <summary>
    /// Competition learns of channels from Streaming's events: a channel's boards are listed once it has. The event waits
    /// behind whatever Competition is consuming at that moment (a full suite's chat scores), so the wait is generous.
    /// </summary>
    public static async Task WaitForChannelsAsync(HttpClient gateway, IEnumerable<string> slugs)
    {
        foreach (var slug in slugs)
        {
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                using var response = await gateway.GetAsync($"/api/leaderboards?channel={slug}");
                return response.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100)), $"Competition never heard of channel {slug}");
        }
    }

    public static async Task<JsonElement> CreateTournamentAsync(HttpClient gateway, Account organiser, string format, int places, bool thirdPlace = false,
        DateTime? registrationOpensAt = null)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, "/api/tournaments", organiser, new
        {
            name = $"Cup {Guid.NewGuid():N}"[..12],
            game = "chess",
            format,
            maxParticipants = places,
            registrationOpensAt = registrationOpensAt ?? DateTime.UtcNow.AddSeconds(-1),
            startsAt = (registrationOpensAt ?? DateTime.UtcNow).AddHours(1),
            thirdPlaceMatch = thirdPlace,
            seeding = "registration",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpStatusCode> JoinAsync(HttpClient gateway, Guid tournamentId, Competitor competitor)
    {
        using var response = await gateway.SendWithTokenAsync(HttpMethod.Post, $"/api/tournaments/{tournamentId}/participants", competitor.Token,
            new { channelSlug = competitor.Slug });
        return response.StatusCode;
    }
}
