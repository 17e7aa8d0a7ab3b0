using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Esp32;

/// <summary>Checks ESP32 payloads against the field tables of dese-esp32.md, and the tenant and device they name against the topic.</summary>
public static class Esp32InputValidator
{
    public static readonly string[] Statuses = ["online", "offline", "error", "maintenance"];
    public static readonly string[] Severities = ["info", "warning", "critical"];

    /// <summary>Telemetry names its organization and device; the hot path, checked without a DOM.</summary>
    public static readonly FieldTable Telemetry = new(
        FieldSpec.MatchesTopic("organization_id", required: true, TopicPart.Organization),
        FieldSpec.MatchesTopic("device_id", required: true, TopicPart.Device),
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
        FieldSpec.MatchesTopic("organization_id", required: false, TopicPart.Organization),
        FieldSpec.MatchesTopic("device_id", required: false, TopicPart.Device),
        FieldSpec.OneOf("status", required: true, Statuses),
        FieldSpec.WholeNumber("battery", required: false, 0, 100),
        FieldSpec.WholeNumber("signal_strength", required: false),
        FieldSpec.String("firmware_version", required: true),
        FieldSpec.Timestamp("timestamp", required: true));

    public static void CommandResponse(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        Identity(key, root, checks);
        checks.String(root, "command_id", "command_id", required: true);
        checks.Bool(root, "success", "success", required: true);
        checks.Object(root, "response", "response", required: false);
        checks.String(root, "error", "error", required: false);
        checks.Timestamp(root, "timestamp", "timestamp", required: true);
    }

    public static void Alert(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        Identity(key, root, checks);
        checks.String(root, "severity", "severity", required: true, Severities);
        checks.String(root, "message", "message", required: true);
        checks.String(root, "sensor", "sensor", required: false);
        checks.Number(root, "value", "value", required: false);
        checks.Number(root, "threshold", "threshold", required: false);
        checks.Timestamp(root, "timestamp", "timestamp", required: true);
    }

    /// <summary>
    /// Tenant isolation for the messages still checked on a DOM: one that names an organization or
    /// a device names the topic's own, and may leave them out. The tables do the same with
    /// <see cref="FieldSpec.MatchesTopic"/>.
    /// </summary>
    private static void Identity(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        if (checks.String(root, "organization_id", "organization_id", required: false) is { } org && org != key.Org)
            checks.Fail("organization_id", $"'{org}' does not match the topic's organization '{key.Org}'");
        if (checks.String(root, "device_id", "device_id", required: false) is { } device && device != key.Id)
            checks.Fail("device_id", $"'{device}' does not match the topic's device '{key.Id}'");
    }
}
