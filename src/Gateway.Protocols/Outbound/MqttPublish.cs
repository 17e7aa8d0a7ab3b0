namespace Gateway.Protocols.Outbound;

/// <summary>
/// A message for the gateway's MQTT egress. It never leaves its node: each node publishes
/// through its own broker connection, so it is not a wire type.
/// </summary>
public sealed record MqttPublish(string Topic, ReadOnlyMemory<byte> Payload, bool Retain, bool AtLeastOnce, uint ExpirySeconds = 0)
{
    /// <summary>Drops the broker's retained message on a topic (in MQTT terms, an empty retained payload).</summary>
    public static MqttPublish ClearRetained(string topic) => new(topic, ReadOnlyMemory<byte>.Empty, Retain: true, AtLeastOnce: true);
}
