using System.Text.Json;
using Gateway.LoadTest.Devices;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Families;

/// <summary>Petal robots (petal-app-manager.md): sensor telemetry; get_status answered on response with the messageId.</summary>
public sealed class PetalSimulator : ICommandableFamily
{
    public string Kind => "petal";

    public string? Org => SimulatedOrg.Name;

    public string TelemetryTopic(string? org, string id) => $"org/{org}/device/{id}/telemetry";


    public void WriteTelemetry(Utf8JsonWriter w, SimulatedDevice device, TelemetryMark mark, DateTime now)
    {
        w.WriteStartObject();
        w.WriteNumber("temperature", 23.5);
        w.WriteNumber("humidity", 65.2);
        w.WriteString("timestamp", now);
        w.WriteStartObject("location");
        w.WriteNumber("latitude", 37.7749);
        w.WriteNumber("longitude", -122.4194);
        w.WriteEndObject();
        mark.WriteTo(w);
        w.WriteEndObject();
    }

    public string CommandTopic(string? org, string id) => $"org/{org}/device/{id}/command";

    public string CommandPath(SimulatedDevice device) => $"api/orgs/{device.Org}/devices/petal/{device.Id}/commands?wait=true";

    public byte[] CommandBody(SimulatedDevice device, string commandId) => FamilyJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "get_status");
        w.WriteString("messageId", commandId);
        w.WriteEndObject();
    });

    public bool TryReadCommand(ReadOnlySpan<byte> payload, out string command, out string commandId) =>
        FamilyJson.TryReadTwoStrings(payload, "command"u8, "messageId"u8, out command, out commandId);

    public MqttApplicationMessage Acknowledgement(SimulatedDevice device, string command, string commandId) => new MqttApplicationMessageBuilder()
        .WithTopic($"org/{device.Org}/device/{device.Id}/response")
        .WithPayload(FamilyJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("messageId", commandId);
            w.WriteString("status", "success");
            w.WriteString("result", "Command executed successfully");
            w.WriteEndObject();
        }))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
