using Gateway.Contracts;

namespace Gateway.Protocols;

/// <summary>
/// Everything the gateway knows of one device family. The device actor, the topic router and
/// the HTTP API are written against this contract only, so a new family is one folder that
/// implements it plus one line in <see cref="DeviceProfiles"/>.
/// </summary>
public interface IDeviceProfile
{
    /// <summary>The family name used in entity ids, gateway topics and API routes.</summary>
    string Kind { get; }

    /// <summary>
    /// Parses a device-side topic. The router caches the answer per topic string, so this runs
    /// once per distinct topic, not once per message.
    /// </summary>
    bool TryParseTopic(string topic, out DeviceKey key, out DeviceChannel channel);

    /// <summary>Where commands for this device are published.</summary>
    string CommandTopic(DeviceKey key);

    /// <summary>Checks a device payload; null when it is acceptable, else the reason it is rejected.</summary>
    string? ValidateInput(DeviceKey key, DeviceChannel channel, ReadOnlySpan<byte> payload);

    /// <summary>The event name carried by a payload on <see cref="DeviceChannel.Events"/>.</summary>
    string? ReadEventName(ReadOnlySpan<byte> payload);

    /// <summary>Reads an acknowledgement out of an event, when the event is one.</summary>
    bool TryReadAcknowledgement(string eventName, ReadOnlySpan<byte> payload, out CommandAcknowledgement ack);

    /// <summary>Validates a command as the family's document spells it, naming each bad field.</summary>
    CommandValidation ValidateCommand(ReadOnlySpan<byte> command);

    /// <summary>The payload published to the device: the command as given, with the gateway's command id added.</summary>
    byte[] BuildCommandPayload(ReadOnlySpan<byte> command, string commandId, DateTimeOffset now);
}
