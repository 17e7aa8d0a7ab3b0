using Akka.Configuration;
using Gateway.Contracts;
using Gateway.Protocols.FamilyState;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Anc;

/// <summary>
/// ANC devices (<c>anc-aws-iot-shadow.md</c>): AWS IoT Device Shadow semantics on the
/// <c>$aws/things/{thing}/shadow/...</c> topics, plus status, emergency events and telemetry on
/// the platform's <c>anc/...</c> topics, all feeding the thing's one actor. Desired state (the AWS
/// way) asks for changes; commands go to <c>anc/devices/{id}/commands</c> and are settled by the
/// answer the gateway documents (<see cref="AncCommands"/>), since the document defines none.
/// </summary>
public sealed class AncProfile(AwsShadowLimits limits) : IDeviceProfile, ICommandProtocol
{
    public static AncProfile From(Config family) => new(AwsShadowLimits.From(family));

    public string Kind => AncTopics.Kind;

    public IReadOnlyList<string> TopicFilters => AncTopics.Filters;

    public bool TryParseTopic(string topic, out TopicMatch match)
    {
        if (AncTopics.TryParse(topic, out var thing, out var channel, out var section))
        {
            match = new TopicMatch(new DeviceKey(Kind, null, thing), channel, section);
            return true;
        }
        match = default;
        return false;
    }

    public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
    {
        if (channel is AncTopics.ShadowUpdate or AncTopics.ShadowGet or AncTopics.ShadowDelete)
            return InputPlan.FamilyState(); // the AWS shadow protocol answers malformed requests itself
        return channel switch
        {
            DeviceChannel.Status => Plan(AncInputValidator.Status.Check(payload, key), InputPlan.Report()),
            AncTopics.Emergency => Plan(AncInputValidator.Emergency.Check(payload, key), InputPlan.Event(AncTopics.Emergency)),
            AncTopics.CommandResponse => AncCommands.Interpret(key, payload),
            AncTopics.TelemetryGroup when section == AncTopics.Errors => Plan(FieldTable.AnyObject.Check(payload, key), InputPlan.Event("error")),
            AncTopics.TelemetryGroup => Plan(AncInputValidator.Telemetry(section!).Check(payload, key), InputPlan.Report(section)),
            _ => Plan(FieldTable.AnyObject.Check(payload, key), InputPlan.Reject($"anc devices do not publish on {channel}")),
        };
    }

    /// <summary>The plan for a payload that meets its table, else its refusal.</summary>
    private static InputPlan Plan(string? reason, InputPlan accepted) => reason is null ? accepted : InputPlan.Reject(reason);

    public IFamilyState CreateFamilyState(DeviceKey key) => new AwsShadows(key.Id, limits);

    public bool IsHeardIn(FamilyStateRecorded entry) => AwsShadows.IsFromThing(entry);

    public string CommandTopic(DeviceKey key) => AncTopics.Commands(key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command) => AncCommands.Validate(key, command);

    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("command_id", commandId));
}
