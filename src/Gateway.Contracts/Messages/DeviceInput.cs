namespace Gateway.Contracts.Messages;

/// <summary>
/// One MQTT message from a device, routed to its actor. The payload is the broker's own array
/// for the message (see MqttIngress): nobody writes to it once received.
/// The section is the family's split of a channel (a named shadow, a telemetry group), if any.
/// </summary>
public sealed record DeviceInput(string EntityId, string Channel, string Topic, byte[] Payload, DateTimeOffset ReceivedAt, string? Section = null) : IDeviceMessage;
