using Gateway.Contracts;

namespace Gateway.Protocols;

/// <summary>
/// What a family that takes commands adds to its profile: where commands go, how they are
/// checked and stamped, and how the family spells their outcomes. A family without commands
/// (WarDragon kits, ANC devices) does not implement it, so nothing of it can be called by mistake.
/// </summary>
public interface ICommandProtocol
{
    /// <summary>How this family spells the settled command statuses.</summary>
    CommandStatusNames StatusNames => CommandStatusNames.Default;

    /// <summary>Where commands for this device are published.</summary>
    string CommandTopic(DeviceKey key);

    /// <summary>Validates a command as the family's document spells it, naming each bad field.</summary>
    CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command);

    /// <summary>The payload published to the device: the command as given, with the gateway's command id added.</summary>
    byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now);
}
