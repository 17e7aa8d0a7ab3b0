using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Anc;

/// <summary>Checks the ANC platform's own payloads (status, emergency, telemetry groups) against the fields the document shows.</summary>
public static class AncInputValidator
{
    // device_id leads so that a payload speaking for another thing is refused for that before
    // anything else, as it always was.
    public static readonly FieldTable Status = new(
        FieldSpec.ThisDevice("device_id", required: false),
        FieldSpec.String("status", required: false));

    public static readonly FieldTable Emergency = new(
        FieldSpec.Bool("is_emergency", required: false),
        FieldSpec.String("predicted_class", required: false),
        FieldSpec.Number("confidence", required: false, 0, 1),
        FieldSpec.String("action", required: false));

    private static readonly FieldTable AncMetrics = new(
        FieldSpec.Number("latency_ms", required: false, 0),
        FieldSpec.Number("cancellation_db", required: false),
        FieldSpec.Number("snr_improvement_db", required: false));

    private static readonly FieldTable AudioMetrics = new(
        FieldSpec.String("noise_type", required: false),
        FieldSpec.Number("confidence", required: false, 0, 1),
        FieldSpec.Number("rms", required: false, 0));

    private static readonly FieldTable SystemMetrics = new(
        FieldSpec.Number("battery_level", required: false, 0, 100),
        FieldSpec.Number("cpu_usage", required: false, 0, 100),
        FieldSpec.Number("memory_usage", required: false, 0, 100),
        FieldSpec.Number("temperature", required: false));

    /// <summary>The table of one of <see cref="AncTopics.TelemetryGroups"/>: error reports are kept as events whatever they hold, as long as they are one JSON object.</summary>
    public static FieldTable Telemetry(string group) => group switch
    {
        "anc" => AncMetrics,
        "audio" => AudioMetrics,
        "system" => SystemMetrics,
        _ => FieldTable.AnyObject,
    };
}
