using System.Collections.Frozen;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Anc;

/// <summary>
/// Commands on <c>anc/devices/{deviceId}/commands</c> (Cloud → Device in anc-aws-iot-shadow.md,
/// which shows no payload and no acknowledgement). The gateway sends <c>{"command", "parameters",
/// "command_id", "timestamp"}</c>, QoS 1, and the device answers on
/// <c>anc/devices/{deviceId}/commands/response</c> with <c>{"command_id", "status", "error", "result"}</c>:
/// the command is answered unless the status is one of <see cref="FailedStatuses"/>; without an
/// answer it times out and is retried like any other family's.
/// </summary>
public static class AncCommands
{
    public static readonly FrozenSet<string> FailedStatuses = FrozenSet.ToFrozenSet(["failure", "failed", "error", "rejected"], StringComparer.Ordinal);

    private static readonly FieldTable Command = new(
        FieldSpec.NonEmptyString("command", required: true),
        FieldSpec.Object("parameters", required: false),
        FieldSpec.Id("command_id", required: false),
        FieldSpec.Timestamp("timestamp", required: false));

    private static readonly FieldTable Response = new(
        FieldSpec.ThisDevice("device_id", required: false),
        FieldSpec.String("command_id", required: true),
        FieldSpec.String("status", required: true),
        FieldSpec.Any("error"),
        FieldSpec.Any("result"));

    public static CommandValidation Validate(DeviceKey key, ReadOnlySpan<byte> json)
    {
        Span<FieldValue> found = stackalloc FieldValue[Command.ValueCount];
        if (Command.CheckAll(json, key, found) is { Count: > 0 } errors)
            return CommandValidation.Invalid(errors);
        var values = Command.Values(json, found);
        return new CommandValidation(values.String("command"), null, null, [], values.String("command_id"));
    }

    public static InputPlan Interpret(DeviceKey key, ReadOnlySpan<byte> payload)
    {
        Span<FieldValue> found = stackalloc FieldValue[Response.ValueCount];
        if (Response.Check(payload, key, found) is { } reason)
            return InputPlan.Reject(reason);
        var values = Response.Values(payload, found);
        var status = values.String("status")!;
        var success = !FailedStatuses.Contains(status);
        var error = success ? null : values.String("error") ?? $"status {status}";
        return InputPlan.Event(AncTopics.CommandResponse,
            new CommandAcknowledgement(null, values.String("command_id"), null, success, error, values.Raw("result")));
    }
}
