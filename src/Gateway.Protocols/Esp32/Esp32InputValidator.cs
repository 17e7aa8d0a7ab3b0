using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Esp32;

/// <summary>Checks ESP32 payloads against the field tables of dese-esp32.md, and the tenant and device they name against the topic.</summary>
public static class Esp32InputValidator
{
    public static readonly string[] Statuses = ["online", "offline", "error", "maintenance"];
    public static readonly string[] Severities = ["info", "warning", "critical"];

    public static void Telemetry(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        Identity(key, root, checks, required: true);
        checks.Timestamp(root, "timestamp", "timestamp", required: true);
        if (checks.Object(root, "sensors", "sensors", required: true) is { } sensors)
        {
            checks.Number(sensors, "ph", "sensors.ph", required: true, 0, 14);
            checks.Number(sensors, "chlorine", "sensors.chlorine", required: true, 0);
            checks.Number(sensors, "temperature", "sensors.temperature", required: true);
            checks.Integer(sensors, "orp", "sensors.orp", required: false);
            checks.Integer(sensors, "tds", "sensors.tds", required: false, 0);
            checks.Number(sensors, "flow_rate", "sensors.flow_rate", required: false, 0);
        }
        if (checks.Object(root, "metadata", "metadata", required: true) is { } metadata)
        {
            checks.Integer(metadata, "battery", "metadata.battery", required: false, 0, 100);
            checks.Integer(metadata, "signal_strength", "metadata.signal_strength", required: false);
            checks.String(metadata, "firmware_version", "metadata.firmware_version", required: true);
        }
    }

    public static void Status(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        Identity(key, root, checks, required: false);
        checks.String(root, "status", "status", required: true, Statuses);
        checks.Integer(root, "battery", "battery", required: false, 0, 100);
        checks.Integer(root, "signal_strength", "signal_strength", required: false);
        checks.String(root, "firmware_version", "firmware_version", required: true);
        checks.Timestamp(root, "timestamp", "timestamp", required: true);
    }

    public static void CommandResponse(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        Identity(key, root, checks, required: false);
        checks.String(root, "command_id", "command_id", required: true);
        checks.Bool(root, "success", "success", required: true);
        checks.Object(root, "response", "response", required: false);
        checks.String(root, "error", "error", required: false);
        checks.Timestamp(root, "timestamp", "timestamp", required: true);
    }

    public static void Alert(DeviceKey key, JsonElement root, JsonChecks checks)
    {
        Identity(key, root, checks, required: false);
        checks.String(root, "severity", "severity", required: true, Severities);
        checks.String(root, "message", "message", required: true);
        checks.String(root, "sensor", "sensor", required: false);
        checks.Number(root, "value", "value", required: false);
        checks.Number(root, "threshold", "threshold", required: false);
        checks.Timestamp(root, "timestamp", "timestamp", required: true);
    }

    /// <summary>
    /// Tenant isolation: a payload that names an organization or a device names the topic's own.
    /// Telemetry must name both; other messages may leave them out.
    /// </summary>
    private static void Identity(DeviceKey key, JsonElement root, JsonChecks checks, bool required)
    {
        if (checks.String(root, "organization_id", "organization_id", required) is { } org && org != key.Org)
            checks.Fail("organization_id", $"'{org}' does not match the topic's organization '{key.Org}'");
        if (checks.String(root, "device_id", "device_id", required) is { } device && device != key.Id)
            checks.Fail("device_id", $"'{device}' does not match the topic's device '{key.Id}'");
    }
}
