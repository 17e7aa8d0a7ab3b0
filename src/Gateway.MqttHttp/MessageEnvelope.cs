using System.Text;
using System.Text.Json;

namespace Gateway.MqttHttp;

/// <summary>
/// How a message is handed to a callback and to an event stream, as the Petal callback server
/// receives it: the payload is the JSON value when the payload is JSON, else its UTF-8 text as a string.
/// </summary>
public sealed record MessageEnvelope(string Topic, JsonElement Payload, int Qos, bool Retain, DateTimeOffset ReceivedAt)
{
    public static byte[] Serialize(BridgedMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new MessageEnvelope(message.Topic, PayloadValue(message.Payload), message.Qos, message.Retain, message.ReceivedAt),
            MqttHttpJsonContext.Relaxed.MessageEnvelope);

    /// <summary>
    /// Re-serialized rather than copied raw, so the body is compact: a payload published
    /// pretty-printed would otherwise put line breaks into an SSE <c>data:</c> line.
    /// </summary>
    public static JsonElement PayloadValue(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, MqttHttpJsonContext.Relaxed.JsonElement);
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(payload), MqttHttpJsonContext.Relaxed.String);
        }
    }
}
