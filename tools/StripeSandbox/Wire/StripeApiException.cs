using System.Text.Json.Nodes;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>
/// A refusal in Stripe's shape: <c>{"error":{type, code, decline_code, message, param}}</c> with
/// Stripe's status code. <see cref="Executed"/> says whether the endpoint had started work, which
/// decides (as at Stripe) whether an idempotency key keeps the answer.
/// </summary>
internal sealed class StripeApiException(int status, string type, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Code { get; init; }
    public string? DeclineCode { get; init; }
    public string? Param { get; init; }
    public bool Executed { get; init; }

    /// <summary>Further members of the error (a declined intent's <c>payment_intent</c>, its <c>charge</c>).</summary>
    public JsonObject? Extra { get; init; }

    public static StripeApiException Invalid(string message, string? param = null, string? code = null) =>
        new(400, "invalid_request_error", message) { Param = param, Code = code };

    public static StripeApiException Missing(string noun, string id, string param = "id") =>
        new(404, "invalid_request_error", $"No such {noun}: '{id}'") { Param = param, Code = "resource_missing" };

    public static StripeApiException Unauthorized(string message) => new(401, "invalid_request_error", message);

    public static StripeApiException UnexpectedState(string message, string? param = null) =>
        new(400, "invalid_request_error", message) { Code = "payment_intent_unexpected_state", Param = param };

    public JsonObject ToJson()
    {
        var error = new JsonObject
        {
            ["type"] = Type,
            ["message"] = Message,
        };
        if (Code is not null)
        {
            error["code"] = Code;
            error["doc_url"] = $"https://docs.stripe.com/error-codes/{Code.Replace('_', '-')}";
        }
        if (DeclineCode is not null) error["decline_code"] = DeclineCode;
        if (Param is not null) error["param"] = Param;
        foreach (var (name, value) in Extra ?? [])
        {
            error[name] = value?.DeepClone();
        }
        return new JsonObject { ["error"] = error };
    }
}
