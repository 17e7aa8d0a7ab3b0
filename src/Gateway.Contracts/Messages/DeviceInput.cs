namespace Gateway.Contracts.Messages;

/// <summary>
/// One MQTT message from a device, routed to its actor. The payload is copied out of the
/// broker's buffer once, here, because the broker reuses that buffer after the handler returns.
/// </summary>
public sealed record DeviceInput(string EntityId, DeviceChannel Channel, string Topic, byte[] Payload, DateTimeOffset ReceivedAt) : IDeviceMessage;
