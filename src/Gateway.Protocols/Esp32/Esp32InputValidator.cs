using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Esp32;

/// <summary>Checks ESP32 payloads against the field tables of dese-esp32.md, and the tenant and device they name against the topic.</summary>
public static class Esp32InputValidator
{
    public static readonly string[] Statuses = ["online", "offline", "error", "maintenance"];
    public static readonly string[] Severities = ["info", "warning", "critical"];

    /// <summary>Telemetry names its organization and device; the hot path, checked without a DOM.</summary>
    public static readonly FieldTable Telemetry = new(
        FieldSpec.ThisOrganization("organization_id", required: true),
        FieldSpec.ThisDevice("device_id", required: true),
        FieldSpec.Timestamp("timestamp", required: true),
        FieldSpec.Object("sensors", required: true,
            FieldSpec.Number("ph", required: true, 0, 14),
            FieldSpec.Number("chlorine", required: true, 0),
            FieldSpec.Number("temperature", required: true),
            FieldSpec.WholeNumber("orp", required: false),
            FieldSpec.WholeNumber("tds", required: false, 0),
            FieldSpec.Number("flow_rate", required: false, 0)),
        FieldSpec.Object("metadata", required: true,
            FieldSpec.WholeNumber("battery", required: false, 0, 100),
            FieldSpec.WholeNumber("signal_strength", required: false),
            FieldSpec.String("firmware_version", required: true)));

    public static readonly FieldTable Status = new(
        FieldSpec.ThisOrganization("organization_id", required: false),
        FieldSpec.ThisDevice("device_id", required: false),
        FieldSpec.OneOf("status", required: true, Statuses),
        FieldSpec.WholeNumber("battery", required: false, 0, 100),
        FieldSpec.WholeNumber("signal_strength", required: false),
        FieldSpec.String("firmware_version", required: true),
        FieldSpec.Timestamp("timestamp", required: true));

    /// <summary>A command's answer; the profile reads the acknowledgement out of the same check.</summary>
    public static readonly FieldTable CommandResponse = new(
        FieldSpec.ThisOrganization("organization_id", required: false),
        FieldSpec.ThisDevice("device_id", required: false),
        FieldSpec.String("command_id", required: true),
        FieldSpec.Bool("success", required: true),
        FieldSpec.Object("response", required: false),
        FieldSpec.String("error", required: false),
        FieldSpec.Timestamp("timestamp", required: true));

    public static readonly FieldTable Alert = new(
        FieldSpec.ThisOrganization("organization_id", required: false),
        FieldSpec.ThisDevice("device_id", required: false),
        FieldSpec.OneOf("severity", required: true, Severities),
        FieldSpec.String("message", required: true),
        FieldSpec.String("sensor", required: false),
        FieldSpec.Number("value", required: false),
        FieldSpec.Number("threshold", required: false),
        FieldSpec.Timestamp("timestamp", required: true));
}
