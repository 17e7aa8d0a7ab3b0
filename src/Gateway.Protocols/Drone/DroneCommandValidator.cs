using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Protocols.Validation;
using static Gateway.Protocols.Drone.DroneCommandNames;

namespace Gateway.Protocols.Drone;

/// <summary>
/// Validates SkyRescue commands: the document's LAUNCH schema (command, mission_id, destination
/// with numeric latitude and longitude), extended to each command's own fields and to ranges a
/// drone can fly to. Every bad field is named, not just the first.
/// </summary>
public static class DroneCommandValidator
{
    public const int MinAckTimeoutMs = 100;
    public const int MaxAckTimeoutMs = 600_000;

    private static readonly FieldSpec[] Position =
    [
        FieldSpec.Number("latitude", required: true, -90, 90),
        FieldSpec.Number("longitude", required: true, -180, 180),
        FieldSpec.Number("altitude", required: false),
    ];

    /// <summary>Commands that belong to a mission name it.</summary>
    private static readonly FieldSpec Mission = FieldSpec.String("mission_id", required: true);

    private static readonly FieldSpec Reason = FieldSpec.String("reason", required: false);

    public static readonly FieldTable Table = FieldTable.Variants("command",
        [
            FieldSpec.String("mission_id", required: false),
            FieldSpec.Timestamp("timestamp", required: false),
            FieldSpec.Id("command_id", required: false),
            FieldSpec.WholeNumber("expected_ack_timeout", required: false, MinAckTimeoutMs, MaxAckTimeoutMs),
        ],
        new FieldVariant(Launch, Mission,
            FieldSpec.Object("destination", required: true, Position),
            FieldSpec.String("priority", required: false),
            FieldSpec.Bool("return_to_base", required: false),
            FieldSpec.Bool("voice_ai_enabled", required: false)),
        new FieldVariant(Abort, Mission, FieldSpec.String("abort_mode", required: false), Reason),
        new FieldVariant(ReturnToBase, Reason),
        new FieldVariant(EmergencyLand, Reason),
        new FieldVariant(UpdateRoute, Mission,
            FieldSpec.Object("destination", required: false, Position),
            FieldSpec.NonEmptyList("waypoints", required: false, Position)),
        new FieldVariant(VoiceSpeak, Mission,
            FieldSpec.NonEmptyString("text", required: true),
            FieldSpec.OneOf("language", required: false, Languages),
            FieldSpec.Bool("interrupt", required: false)),
        new FieldVariant(VoiceMute),
        new FieldVariant(VoiceUnmute));

    public static CommandValidation Validate(DeviceKey key, ReadOnlySpan<byte> json)
    {
        Span<FieldValue> found = stackalloc FieldValue[Table.ValueCount];
        var errors = Table.CheckAll(json, key, found);
        var values = Table.Values(json, found);
        var command = values.String("command");
        // The one rule a field table does not say: a new route is a destination, waypoints or both.
        if (command == UpdateRoute && !values.Has("destination") && !values.Has("waypoints"))
            errors = [.. errors, new FieldError("destination", FieldMessages.RequiredUnless("waypoints"))];
        return errors.Count > 0
            ? CommandValidation.Invalid(errors)
            : new CommandValidation(command, values.String("mission_id"), (int?)values.WholeNumber("expected_ack_timeout"), [], values.String("command_id"));
    }
}
