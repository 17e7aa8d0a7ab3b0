using System.Text.Json;
using Gateway.Contracts.Messages;
using Gateway.Mqtt;

namespace Gateway.MqttHttp;

/// <summary>
/// <c>POST /mqtt/publish</c>: <c>{"topic", "payload", "qos", "retain"}</c>. The payload, any JSON
/// value, is published as its compact JSON text (a string as a JSON string, quotes included).
/// <c>qos</c> defaults to 1, as the Petal document's <c>publish_message</c> does; <c>retain</c> to false.
/// </summary>
public sealed record PublishRequest(string Topic, byte[] Payload, int Qos, bool Retain)
{
    private static readonly string[] Fields = ["topic", "payload", "qos", "retain"];

    public static PublishRequest? Read(JsonElement body, List<FieldError> errors)
    {
        RequestBody.RejectUnknown(body, Fields, errors);
        var topic = RequestBody.String(body, "topic", required: true, errors);
        if (topic is not null && TopicName.Validate(topic) is { } invalid)
            errors.Add(new FieldError("topic", invalid));

        byte[]? payload = null;
        if (body.TryGetProperty("payload", out var value))
            payload = JsonSerializer.SerializeToUtf8Bytes(value, MqttHttpJsonContext.Relaxed.JsonElement);
        else
            errors.Add(new FieldError("payload", "is required: any JSON value, published as its JSON text"));

        var qos = 1;
        if (body.TryGetProperty("qos", out var q) && q.ValueKind != JsonValueKind.Null)
        {
            if (q.ValueKind != JsonValueKind.Number || !q.TryGetInt32(out qos) || qos is < 0 or > 2)
                errors.Add(new FieldError("qos", "must be 0 (at most once) or 1 (at least once)"));
            else if (qos == 2)
                errors.Add(new FieldError("qos", "2 (exactly once) is not supported: use 0 or 1"));
        }

        var retain = false;
        if (body.TryGetProperty("retain", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind is JsonValueKind.True or JsonValueKind.False)
                retain = r.GetBoolean();
            else
                errors.Add(new FieldError("retain", "must be true or false"));
        }

        return errors.Count == 0 ? new PublishRequest(topic!, payload!, qos, retain) : null;
    }
}
