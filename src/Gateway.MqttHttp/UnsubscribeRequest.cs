using System.Text.Json;
using Gateway.Contracts.Messages;

namespace Gateway.MqttHttp;

/// <summary>
/// <c>POST /mqtt/unsubscribe</c>: <c>{"topic": ...}</c> removes the subscriptions to the filter that
/// topic maps to (so <c>test/*</c> and <c>test/+</c> are the same); <c>{"subscription_id": ...}</c>
/// removes one subscription, a stream's included. One of the two, not both.
/// </summary>
public sealed record UnsubscribeRequest(string? Filter, string? SubscriptionId)
{
    private static readonly string[] Fields = ["topic", "subscription_id"];

    public static UnsubscribeRequest? Read(JsonElement body, List<FieldError> errors)
    {
        RequestBody.RejectUnknown(body, Fields, errors);
        var hasId = body.TryGetProperty("subscription_id", out var id) && id.ValueKind != JsonValueKind.Null;
        var hasTopic = body.TryGetProperty("topic", out var topic) && topic.ValueKind != JsonValueKind.Null;
        if (hasId && hasTopic)
        {
            errors.Add(new FieldError("subscription_id", "give either topic or subscription_id, not both"));
            return null;
        }
        if (hasId)
        {
            var subscriptionId = RequestBody.String(body, "subscription_id", required: true, errors);
            return errors.Count == 0 ? new UnsubscribeRequest(null, subscriptionId) : null;
        }
        var (_, filter) = SubscribeRequest.ReadTopic(body, errors);
        return errors.Count == 0 ? new UnsubscribeRequest(filter, null) : null;
    }
}
