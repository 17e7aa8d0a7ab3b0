using System.Text.Json;
using Gateway.LoadTest.Devices;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Families;

/// <summary>DESE ESP32 boards (dese-esp32.md): the document's telemetry; set_ph_target answered on command_response.</summary>
public sealed class Esp32Simulator : ICommandableFamily
{
    public string Kind => "esp32";

    public string? Org => SimulatedOrg.Name;

    public string TelemetryTopic(string? org, string id) => $"devices/{org}/{id}/telemetry";


    public void WriteTelemetry(Utf8JsonWriter w, SimulatedDevice device, TelemetryMark mark, DateTime now)
    {
        w.WriteStartObject();
        w.WriteString("device_id", device.Id);
        w.WriteString("timestamp", now);
        w.WriteString("organization_id", device.Org);
        w.WriteStartObject("sensors");
        w.WriteNumber("ph", 7.2);
        w.WriteNumber("chlorine", 2.5);
        w.WriteNumber("temperature", 25.5);
        w.WriteNumber("orp", 650);
        w.WriteNumber("tds", 1200);
        w.WriteNumber("flow_rate", 45.5);
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        w.WriteNumber("battery", 85);
        w.WriteNumber("signal_strength", -65);
        w.WriteString("firmware_version", "1.0.0");
        w.WriteEndObject();
        mark.WriteTo(w);
        w.WriteEndObject();
    }

    public string CommandTopic(string? org, string id) => $"devices/{org}/{id}/commands";

    public string CommandPath(SimulatedDevice device) => $"api/orgs/{device.Org}/devices/esp32/{device.Id}/commands?wait=true";

    public byte[] CommandBody(SimulatedDevice device, string commandId) => FamilyJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("command_id", commandId);
        w.WriteString("device_id", device.Id);
        w.WriteString("command", "set_ph_target");
        w.WriteStartObject("parameters");
        w.WriteNumber("target_ph", 7.2);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public bool TryReadCommand(ReadOnlySpan<byte> payload, out string command, out string commandId) =>
        FamilyJson.TryReadTwoStrings(payload, "command"u8, "command_id"u8, out command, out commandId);

    public MqttApplicationMessage Acknowledgement(SimulatedDevice device, string command, string commandId) => new MqttApplicationMessageBuilder()
        .WithTopic($"devices/{device.Org}/{device.Id}/command_response")
        .WithPayload(FamilyJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("command_id", commandId);
            w.WriteBoolean("success", true);
            w.WriteStartObject("response");
            w.WriteNumber("target_ph", 7.2);
            w.WriteEndObject();
            w.WriteString("timestamp", DateTime.UtcNow);
            w.WriteEndObject();
        }))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
