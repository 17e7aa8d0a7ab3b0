using Gateway.IntegrationTests.Infrastructure;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>ESP32 topics and routes as dese-esp32.md spells them, for the tests of this folder.</summary>
internal static class Esp32Devices
{
    public const string Kind = "esp32";

    /// <summary>The board the document's payloads name: esp32-001 of org-123.</summary>
    public static DeviceRoute Example => DeviceRoute.InOrg(Kind, FamilyExamples.Esp32.Org, FamilyExamples.Esp32.DeviceId);

    /// <summary>A board of its own in the document's tenant.</summary>
    public static DeviceRoute New(string purpose) => DeviceRoute.InOrg(Kind, FamilyExamples.Esp32.Org, DeviceIds.New(purpose));

    public static string Topic(DeviceRoute device, string messageType) => $"devices/{device.Org}/{device.Id}/{messageType}";

    /// <summary>The example telemetry as <paramref name="device"/> sends it, with a timestamp of its own so each reading can be told apart.</summary>
    public static string TelemetryOf(DeviceRoute device, Action<System.Text.Json.Nodes.JsonObject>? change = null) =>
        With(FamilyExamples.Esp32.Telemetry, t =>
        {
            t["device_id"] = device.Id;
            t["organization_id"] = device.Org;
            t["timestamp"] = UniqueTimestamp();
            change?.Invoke(t);
        });

    /// <summary>The example command_response answering <paramref name="commandId"/>.</summary>
    public static string ResponseTo(string commandId, Action<System.Text.Json.Nodes.JsonObject>? change = null) =>
        With(FamilyExamples.Esp32.CommandResponse, r =>
        {
            r["command_id"] = commandId;
            change?.Invoke(r);
        });

    public static string UniqueTimestamp() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
