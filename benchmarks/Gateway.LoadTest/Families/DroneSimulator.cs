using System.Text.Json;
using Gateway.LoadTest.Devices;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Families;

/// <summary>SkyRescue drones (skyrescue-drones.md): the document's telemetry; RETURN_TO_BASE acknowledged on the events topic.</summary>
public sealed class DroneSimulator : ICommandableFamily
{
    private const string Mission = "M-LOADTEST";

    public string Kind => "drone";

    public string? Org => null;

    public string TelemetryTopic(string? org, string id) => $"/drone/{id}/telemetry";


    public void WriteTelemetry(Utf8JsonWriter w, SimulatedDevice device, TelemetryMark mark, DateTime now)
    {
        w.WriteStartObject();
        w.WriteString("drone_id", device.Id);
        w.WriteString("mission_id", Mission);
        w.WriteString("timestamp", now);
        w.WriteStartObject("location");
        w.WriteNumber("latitude", 42.3589);
        w.WriteNumber("longitude", -71.0602);
        w.WriteNumber("altitude", 120);
        w.WriteEndObject();
        w.WriteNumber("speed", 15.5);
        w.WriteNumber("heading", 87.3);
        w.WriteNumber("battery", 84);
        w.WriteNumber("gps_satellites", 12);
        w.WriteString("status", "IN_FLIGHT");
        w.WriteStartObject("ai_status");
        w.WriteNumber("obstacles_detected", 0);
        w.WriteNumber("landing_zone_confidence", 0.92);
        w.WriteString("navigation_mode", "AUTONOMOUS");
        w.WriteBoolean("person_detected", true);
        w.WriteBoolean("person_tracking", true);
        w.WriteEndObject();
        mark.WriteTo(w);
        w.WriteEndObject();
    }

    public string CommandTopic(string? org, string id) => $"/drone/{id}/command";

    public string CommandPath(SimulatedDevice device) => $"api/devices/drone/{device.Id}/commands?wait=true";

    public byte[] CommandBody(SimulatedDevice device, string commandId) => FamilyJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "RETURN_TO_BASE");
        w.WriteString("command_id", commandId);
        w.WriteString("mission_id", Mission);
        w.WriteString("reason", "load test");
        w.WriteEndObject();
    });

    public bool TryReadCommand(ReadOnlySpan<byte> payload, out string command, out string commandId) =>
        FamilyJson.TryReadTwoStrings(payload, "command"u8, "command_id"u8, out command, out commandId);

    public MqttApplicationMessage Acknowledgement(SimulatedDevice device, string command, string commandId) => new MqttApplicationMessageBuilder()
        .WithTopic($"/drone/{device.Id}/events")
        .WithPayload(FamilyJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("event", $"{command}_ACKNOWLEDGED");
            w.WriteString("command_id", commandId);
            w.WriteString("mission_id", Mission);
            w.WriteString("timestamp", DateTime.UtcNow);
            w.WriteEndObject();
        }))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
