namespace Gateway.Contracts.Messages;

/// <summary>
/// One MQTT message from a device, routed to its actor. The payload is copied out of the
/// broker's buffer once, here, because the broker reuses that buffer after the handler returns.
/// The section is the family's split of a channel (a named shadow, a telemetry group), if any.
/// </summary>
public sealed record DeviceInput(string EntityId, string Channel, string Topic, byte[] Payload, DateTimeOffset ReceivedAt, string? Section = null) : IDeviceMessage;
