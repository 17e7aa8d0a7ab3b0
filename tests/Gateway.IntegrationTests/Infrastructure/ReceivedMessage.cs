using System.Text;
using System.Text.Json;
using MQTTnet.Protocol;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>One MQTT message as a subscriber saw it, flags included.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, bool Retain, MqttQualityOfServiceLevel QualityOfService, uint MessageExpiryInterval)
{
    public bool IsEmpty => Payload.Length == 0;

    public string Text => Encoding.UTF8.GetString(Payload);

    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Payload);
        return document.RootElement.Clone();
    }

    /// <summary>A top-level string of a JSON object payload, or null for anything else.</summary>
    public string? StringField(string name)
    {
        try
        {
            return IsEmpty ? null : Json().StringAt(name);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"{Topic} (retain={Retain}, qos={(int)QualityOfService}, expiry={MessageExpiryInterval}) {(IsEmpty ? "<empty>" : Text)}";
}
