using Gateway.LoadTest.Devices;
using MQTTnet;

namespace Gateway.LoadTest.Families;

/// <summary>A family that takes commands over the gateway's HTTP API and acknowledges them over MQTT.</summary>
public interface ICommandableFamily : IFamilySimulator
{
    /// <summary>Where the gateway publishes commands for the device.</summary>
    string CommandTopic(string? org, string id);

    /// <summary>The API path (relative to the gateway URL) that takes commands for the device, with ?wait=true.</summary>
    string CommandPath(SimulatedDevice device);

    /// <summary>A valid command carrying <paramref name="commandId"/> as the caller's own id, so the device can tell what to do with it.</summary>
    byte[] CommandBody(SimulatedDevice device, string commandId);

    /// <summary>Reads the command name and its id from a command the gateway published.</summary>
    bool TryReadCommand(ReadOnlySpan<byte> payload, out string command, out string commandId);

    /// <summary>The message that settles the command successfully, as the family's document says.</summary>
    MqttApplicationMessage Acknowledgement(SimulatedDevice device, string command, string commandId);
}
