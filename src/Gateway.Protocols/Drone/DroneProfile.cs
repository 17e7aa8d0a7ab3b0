using Gateway.Contracts;
using Gateway.Protocols.Validation;

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
        switch (channel)
        {
            case DeviceChannel.Events:
                Span<FieldValue> found = stackalloc FieldValue[DroneInputValidator.Event.ValueCount];
                if (DroneInputValidator.Event.Check(payload, key, found) is { } eventReason)
                    return InputPlan.Reject(eventReason);
                var values = DroneInputValidator.Event.Values(payload, found);
                var name = values.String("event")!;
                return InputPlan.Event(name, Acknowledgement(name, values));
            case DeviceChannel.Transcript:
                return DroneInputValidator.Transcript.Check(payload, key) is { } transcriptReason ? InputPlan.Reject(transcriptReason) : InputPlan.Transcript();
            default:
                return DroneInputValidator.Reading.Check(payload, key) is { } reason ? InputPlan.Reject(reason) : InputPlan.Report();
        }
    }

    /// <summary>The document's <c>LAUNCH_ACKNOWLEDGED</c>, generalised to <c>{COMMAND}_ACKNOWLEDGED</c> for every command.</summary>
    private static CommandAcknowledgement? Acknowledgement(string eventName, FieldValues values)
    {
        if (!eventName.EndsWith(DroneCommandNames.AcknowledgedSuffix, StringComparison.Ordinal))
            return null;
        var command = eventName[..^DroneCommandNames.AcknowledgedSuffix.Length];
        return DroneCommandNames.All.Contains(command)
            ? new CommandAcknowledgement(command, values.String("command_id"), values.String("mission_id"))
            : null;
    }

    public string CommandTopic(DeviceKey key) => DroneTopics.Command(key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command) => DroneCommandValidator.Validate(key, command);

    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("command_id", commandId));
}
