using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Esp32;

/// <summary>The six commands of dese-esp32.md and their parameters.</summary>
public static class Esp32Commands
{
    public static readonly string[] Names = ["set_pump", "set_ph_target", "set_chlorine_target", "reboot", "reset_config", "calibrate_sensor"];
    public static readonly string[] PumpStates = ["on", "off"];
    public static readonly string[] Sensors = ["ph", "chlorine", "temperature", "orp", "tds", "flow_rate"];
    public static readonly string[] ConfigParameters = ["telemetry_interval", "mqtt_keepalive", "sensor_calibration", "alert_thresholds"];

    public static CommandValidation Validate(DeviceKey key, ReadOnlySpan<byte> json)
    {
        if (!JsonChecks.TryParseObject(json, out var doc, out var reason))
            return CommandValidation.Invalid([new Gateway.Contracts.Messages.FieldError("$", reason)]);
        using (doc)
        {
            var root = doc.RootElement;
            var checks = new JsonChecks();
            var command = checks.String(root, "command", "command", required: true, Names);
            var requestedId = checks.String(root, "command_id", "command_id", required: false);
            if (requestedId is not null && !CommandValidation.IsValidId(requestedId))
                checks.Fail("command_id", CommandValidation.IdRule);
            if (checks.String(root, "device_id", "device_id", required: false) is { } device && device != key.Id)
                checks.Fail("device_id", $"'{device}' is not this device ('{key.Id}')");
            checks.Timestamp(root, "timestamp", "timestamp", required: false);
            var parameters = checks.Object(root, "parameters", "parameters", required: false);
            var p = parameters ?? EmptyObject;
            switch (command)
            {
                case "set_pump":
                    checks.Integer(p, "pump_id", "parameters.pump_id", required: true, 0);
                    checks.String(p, "state", "parameters.state", required: true, PumpStates);
                    checks.Integer(p, "duration", "parameters.duration", required: false, 0);
                    checks.OnlyKnown(p, "parameters.", ["pump_id", "state", "duration"], "a set_pump parameter");
                    break;
                case "set_ph_target":
                    checks.Number(p, "target_ph", "parameters.target_ph", required: true, 0, 14);
                    checks.OnlyKnown(p, "parameters.", ["target_ph"], "a set_ph_target parameter");
                    break;
                case "set_chlorine_target":
                    checks.Number(p, "target_chlorine", "parameters.target_chlorine", required: true, 0);
                    checks.OnlyKnown(p, "parameters.", ["target_chlorine"], "a set_chlorine_target parameter");
                    break;
                case "reboot":
                case "reset_config":
                    checks.OnlyKnown(p, "parameters.", [], $"a {command} parameter ({command} takes none)");
                    break;
                case "calibrate_sensor":
                    checks.String(p, "sensor_type", "parameters.sensor_type", required: true, Sensors);
                    checks.Number(p, "value", "parameters.value", required: true);
                    checks.OnlyKnown(p, "parameters.", ["sensor_type", "value"], "a calibrate_sensor parameter");
                    break;
            }
            return checks.Ok ? new CommandValidation(command, null, null, [], requestedId) : CommandValidation.Invalid(checks.Errors);
        }
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}
