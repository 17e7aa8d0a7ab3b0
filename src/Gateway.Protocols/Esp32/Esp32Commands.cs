using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Esp32;

/// <summary>The six commands of dese-esp32.md with their parameters, and the configurable parameters of its config message.</summary>
public static class Esp32Commands
{
    public static readonly string[] PumpStates = ["on", "off"];
    public static readonly string[] Sensors = ["ph", "chlorine", "temperature", "orp", "tds", "flow_rate"];

    /// <summary>A command names its own device if any; each command takes exactly the parameters the document lists for it.</summary>
    public static readonly FieldTable Table = FieldTable.Variants("command",
        [
            FieldSpec.Id("command_id", required: false),
            FieldSpec.ThisDevice("device_id", required: false),
            FieldSpec.Timestamp("timestamp", required: false),
            FieldSpec.Object("parameters", required: false),
        ],
        new FieldVariant("set_pump", FieldSpec.ClosedObject("parameters", required: true,
            FieldSpec.WholeNumber("pump_id", required: true, 0),
            FieldSpec.OneOf("state", required: true, PumpStates),
            FieldSpec.WholeNumber("duration", required: false, 0))),
        new FieldVariant("set_ph_target", FieldSpec.ClosedObject("parameters", required: true,
            FieldSpec.Number("target_ph", required: true, 0, 14))),
        new FieldVariant("set_chlorine_target", FieldSpec.ClosedObject("parameters", required: true,
            FieldSpec.Number("target_chlorine", required: true, 0))),
        new FieldVariant("reboot", FieldSpec.ClosedObject("parameters", required: false)),
        new FieldVariant("reset_config", FieldSpec.ClosedObject("parameters", required: false)),
        new FieldVariant("calibrate_sensor", FieldSpec.ClosedObject("parameters", required: true,
            FieldSpec.OneOf("sensor_type", required: true, Sensors),
            FieldSpec.Number("value", required: true))));

    /// <summary>The desired state is the config message's <c>config</c>: the four configurable parameters and nothing else.</summary>
    public static readonly FieldTable Config = FieldTable.Closed(
        FieldSpec.WholeNumber("telemetry_interval", required: false, 1),
        FieldSpec.WholeNumber("mqtt_keepalive", required: false, 1, 65535),
        FieldSpec.Object("sensor_calibration", required: false),
        FieldSpec.Object("alert_thresholds", required: false));

    public static CommandValidation Validate(DeviceKey key, ReadOnlySpan<byte> json)
    {
        Span<FieldValue> found = stackalloc FieldValue[Table.ValueCount];
        var errors = Table.CheckAll(json, key, found);
        if (errors.Count > 0)
            return CommandValidation.Invalid(errors);
        var values = Table.Values(json, found);
        return new CommandValidation(values.String("command"), null, null, [], values.String("command_id"));
    }
}
