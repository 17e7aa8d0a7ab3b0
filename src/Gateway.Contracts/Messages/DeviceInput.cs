namespace Gateway.Contracts.Messages;

/// <summary>
/// One MQTT message from a device, routed to its actor. The payload is the broker's own array
/// for the message (see MqttIngress): nobody writes to it once received.
/// The section is the family's split of a channel (a named shadow, a telemetry group), if any.
/// With <paramref name="AwaitsJournal"/> (a QoS 1 message, whose PUBACK waits) the actor answers
/// <see cref="InputTaken"/> once the message is as safe as its family's policy makes it.
/// </summary>
public sealed record DeviceInput(string EntityId, string Channel, string Topic, byte[] Payload, DateTimeOffset ReceivedAt, string? Section = null, bool AwaitsJournal = false) : IDeviceMessage;

/// <summary>
/// The answer to a <see cref="DeviceInput"/> that awaits the journal: journaled, or inside its
/// family's documented telemetry window, or nothing to journal (a protocol reply, a refusal told on
/// the family's rejection topic). A write that fails is never answered: the sender's wait runs out
/// and the device is told to send the message again.
/// </summary>
public sealed record InputTaken : IGatewayMessage
{
    public static readonly InputTaken Instance = new();
}
