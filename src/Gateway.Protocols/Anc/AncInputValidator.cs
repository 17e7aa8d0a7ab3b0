using System.Text.Json;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Anc;

/// <summary>Checks the ANC platform's own payloads (status, emergency, telemetry groups) against the fields the document shows.</summary>
public static class AncInputValidator
{
    public static void Status(JsonElement root, JsonChecks checks)
    {
        checks.String(root, "status", "status", required: false);
        checks.String(root, "device_id", "device_id", required: false);
    }

    public static void Emergency(JsonElement root, JsonChecks checks)
    {
        checks.Bool(root, "is_emergency", "is_emergency", required: false);
        checks.String(root, "predicted_class", "predicted_class", required: false);
        checks.Number(root, "confidence", "confidence", required: false, 0, 1);
        checks.String(root, "action", "action", required: false);
    }

    public static void Telemetry(string group, JsonElement root, JsonChecks checks)
    {
        switch (group)
        {
            case "anc":
                checks.Number(root, "latency_ms", "latency_ms", required: false, 0);
                checks.Number(root, "cancellation_db", "cancellation_db", required: false);
                checks.Number(root, "snr_improvement_db", "snr_improvement_db", required: false);
                break;
            case "audio":
                checks.String(root, "noise_type", "noise_type", required: false);
                checks.Number(root, "confidence", "confidence", required: false, 0, 1);
                checks.Number(root, "rms", "rms", required: false, 0);
                break;
            case "system":
                checks.Number(root, "battery_level", "battery_level", required: false, 0, 100);
                checks.Number(root, "cpu_usage", "cpu_usage", required: false, 0, 100);
                checks.Number(root, "memory_usage", "memory_usage", required: false, 0, 100);
                checks.Number(root, "temperature", "temperature", required: false);
                break;
        }
    }
}
