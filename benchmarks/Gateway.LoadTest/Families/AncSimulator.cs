using System.Text.Json;
using Gateway.LoadTest.Devices;

namespace Gateway.LoadTest.Families;

/// <summary>
/// ANC devices (anc-aws-iot-shadow.md): the system telemetry group on anc/telemetry/{id}/system,
/// which the gateway keeps under shadow.reported.system. Commands go through the AWS shadow, not the API.
/// </summary>
public sealed class AncSimulator : IFamilySimulator
{
    public string Kind => "anc";

    public string? Org => null;

    public string TelemetryTopic(string? org, string id) => $"anc/telemetry/{id}/system";


    public void WriteTelemetry(Utf8JsonWriter w, SimulatedDevice device, TelemetryMark mark, DateTime now)
    {
        w.WriteStartObject();
        w.WriteNumber("battery_level", 80);
        w.WriteNumber("cpu_usage", 35.2);
        w.WriteNumber("memory_usage", 40);
        w.WriteNumber("temperature", 45);
        mark.WriteTo(w);
        w.WriteEndObject();
    }
}
