using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Drone;

/// <summary>SkyRescue drones (<c>skyrescue-drones.md</c>): the first family on the profile contract.</summary>
public sealed class DroneProfile : IDeviceProfile, ICommandProtocol
{
    public string Kind => DroneTopics.Kind;

    public bool TryParseTopic(string topic, out TopicMatch match)
    {
        if (DroneTopics.TryParse(topic, out var id, out var channel))
        {
            match = new TopicMatch(new DeviceKey(Kind, null, id), channel);
            return true;
        }
        match = default;
        return false;
    }

    public IReadOnlyList<string> TopicFilters => DroneTopics.Filters;

    public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
    {
        if (DroneInputValidator.Validate(key.Id, channel, payload) is { } reason)
            return InputPlan.Reject(reason);
        switch (channel)
        {
            case DeviceChannel.Events:
                var name = JsonRead.TopLevelString(payload, "event"u8)!;
                return InputPlan.Event(name, TryReadAcknowledgement(name, payload, out var ack) ? ack : null);
            case DeviceChannel.Transcript:
                return InputPlan.Transcript();
            default:
                return InputPlan.Report();
        }
    }

    /// <summary>The document's <c>LAUNCH_ACKNOWLEDGED</c>, generalised to <c>{COMMAND}_ACKNOWLEDGED</c> for every command.</summary>
    private static bool TryReadAcknowledgement(string eventName, ReadOnlySpan<byte> payload, out CommandAcknowledgement ack)
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

    public string CommandTopic(DeviceKey key) => DroneTopics.Command(key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command) => DroneCommandValidator.Validate(command);

    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("command_id", commandId));
}
