using System.Text.Json;
using Gateway.LoadTest.Devices;

namespace Gateway.LoadTest.Families;

/// <summary>
/// WarDragon kits (wardragon-kits.md): each kit's system status on the shared wardragon/system
/// topic, naming itself in kit_id; the gateway merges it into the kit's reported state. Kits take no commands.
/// </summary>
public sealed class WarDragonSimulator : IFamilySimulator
{
    public string Kind => "wardragon";

    public string? Org => null;

    public string TelemetryTopic(string? org, string id) => "wardragon/system";


    public void WriteTelemetry(Utf8JsonWriter w, SimulatedDevice device, TelemetryMark mark, DateTime now)
    {
        w.WriteStartObject();
        w.WriteString("kit_id", device.Id);
        w.WriteNumber("cpu_usage", 12.5);
        w.WriteNumber("memory_usage", 41.0);
        w.WriteNumber("temperature", 48.2);
        w.WriteString("timestamp", now);
        mark.WriteTo(w);
        w.WriteEndObject();
    }
}
