using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Drone;

/// <summary>
/// The fields skyrescue-drones.md gives drone payloads: a payload names its own drone if any, and
/// the fields the document defines carry the types and values it gives them. Fields the document
/// does not name pass through.
/// </summary>
public static class DroneInputValidator
{
    /// <summary>Telemetry and status, the hot path.</summary>
    public static readonly FieldTable Reading = new(
        FieldSpec.ThisDevice("drone_id", required: false),
        FieldSpec.Number("battery", required: false, 0, 100),
        FieldSpec.Object("location", required: false,
            FieldSpec.Number("latitude", required: false, -90, 90),
            FieldSpec.Number("longitude", required: false, -180, 180)),
        FieldSpec.OneOf("status", required: false, DroneStatusValues.Statuses));

    /// <summary>Events; an acknowledgement's ids are read from it as they are, not checked.</summary>
    public static readonly FieldTable Event = new(
        FieldSpec.ThisDevice("drone_id", required: false),
        FieldSpec.NonEmptyString("event", required: true),
        FieldSpec.Any("command_id"),
        FieldSpec.Any("mission_id"));

    public static readonly FieldTable Transcript = new(
        FieldSpec.ThisDevice("drone_id", required: false),
        FieldSpec.String("text", required: true),
        FieldSpec.OneOf("speaker", required: false, DroneStatusValues.Speakers));
}
