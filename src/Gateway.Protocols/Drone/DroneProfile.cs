using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Drone;

/// <summary>SkyRescue drones (<c>skyrescue-drones.md</c>): the first family on the profile contract.</summary>
public sealed class DroneProfile : IDeviceProfile
{
    public string Kind => DroneTopics.Kind;

    public bool TryParseTopic(string topic, out DeviceKey key, out DeviceChannel channel)
    {
        if (DroneTopics.TryParse(topic, out var id, out channel))
        {
            key = new DeviceKey(Kind, null, id);
            return true;
        }
        key = default;
        return false;
    }

    public string CommandTopic(DeviceKey key) => DroneTopics.Command(key.Id);

    public string? ValidateInput(DeviceKey key, DeviceChannel channel, ReadOnlySpan<byte> payload) =>
        DroneInputValidator.Validate(key.Id, channel, payload);

    public string? ReadEventName(ReadOnlySpan<byte> payload) => JsonRead.TopLevelString(payload, "event"u8);

    public bool TryReadAcknowledgement(string eventName, ReadOnlySpan<byte> payload, out CommandAcknowledgement ack)
    {
        ack = default;
        if (!eventName.EndsWith(DroneCommandNames.AcknowledgedSuffix, StringComparison.Ordinal))
            return false;
        var command = eventName[..^DroneCommandNames.AcknowledgedSuffix.Length];
        if (!DroneCommandNames.All.Contains(command))
            return false;
        ack = new CommandAcknowledgement(command, JsonRead.TopLevelString(payload, "command_id"u8), JsonRead.TopLevelString(payload, "mission_id"u8));
        return true;
    }

    public CommandValidation ValidateCommand(ReadOnlySpan<byte> command) => DroneCommandValidator.Validate(command);

    public byte[] BuildCommandPayload(ReadOnlySpan<byte> command, string commandId, DateTimeOffset now)
    {
        using var doc = JsonDocument.Parse(command.ToArray());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(command.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var hasTimestamp = false;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                hasTimestamp |= property.NameEquals("timestamp"u8);
                property.WriteTo(writer);
            }
            // The document's payloads all carry a timestamp; stamp the ones a caller left without.
            if (!hasTimestamp)
                writer.WriteString("timestamp"u8, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("command_id"u8, commandId);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
