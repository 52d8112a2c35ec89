using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>An object of the API: addressable by id, rendered as Stripe renders it.</summary>
internal interface IStripeObject
{
    string Id { get; }

    /// <summary>The connected account the object lives in (<c>Stripe-Account</c>); null for the platform's own.</summary>
    string? Owner => null;

    JsonObject ToJson(SandboxStore store);

    /// <summary>A field Stripe only renders when asked by <c>expand[]</c> (an invoice's <c>confirmation_secret</c>).</summary>
    JsonNode? Include(string field, SandboxStore store) => null;

    /// <summary>Whether <see cref="Include"/> knows <paramref name="field"/>.</summary>
    bool Includes(string field) => false;
}
