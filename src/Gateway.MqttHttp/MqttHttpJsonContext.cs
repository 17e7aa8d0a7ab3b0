using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.MqttHttp;

/// <summary>Source-generated metadata for the <c>/mqtt/*</c> bodies; snake_case like the rest of the API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(MessageEnvelope))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(SubscriptionView))]
[JsonSerializable(typeof(SubscriptionList))]
[JsonSerializable(typeof(UnsubscribeResponse))]
[JsonSerializable(typeof(MqttStatusView))]
public sealed partial class MqttHttpJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context every <c>/mqtt/*</c> body is written with. The default encoder would write a
    /// filter's '+' as \u002B and every non-ASCII letter of a payload as an escape, changing the
    /// bytes published to MQTT; these are JSON bodies, never HTML, so only what JSON requires is escaped.
    /// </summary>
    public static MqttHttpJsonContext Relaxed { get; } =
        new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
