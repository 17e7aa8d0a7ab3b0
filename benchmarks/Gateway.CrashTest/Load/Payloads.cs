using System.Text.Json.Nodes;

namespace Gateway.CrashTest.Load;

/// <summary>
/// The messages and requests of the crash load, as the families' documents spell them, each
/// carrying the tool's marker where the gateway keeps it (an event's payload, a state value).
/// </summary>
public static class Payloads
{
    private const string Mission = "M-CRASHTEST";

    private static string Now => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

    /// <summary>skyrescue-drones.md's mission event.</summary>
    public static string DroneEvent(CrashDevice d, string marker) => new JsonObject
    {
        ["event"] = "AED_DEPLOYED", ["drone_id"] = d.Id, ["mission_id"] = Mission, ["timestamp"] = Now, ["marker"] = marker,
    }.ToJsonString();

    /// <summary>The acknowledgement convention of the README ("How commands are acknowledged").</summary>
    public static string DroneAck(string commandId) => new JsonObject
    {
        ["event"] = "RETURN_TO_BASE_ACKNOWLEDGED", ["command_id"] = commandId, ["mission_id"] = Mission, ["timestamp"] = Now,
    }.ToJsonString();

    public static string DroneCommand() => new JsonObject
    {
        ["command"] = "RETURN_TO_BASE", ["mission_id"] = Mission, ["reason"] = "crash test",
    }.ToJsonString();

    /// <summary>dese-esp32.md's alert.</summary>
    public static string Esp32Alert(CrashDevice d, string marker) => new JsonObject
    {
        ["device_id"] = d.Id, ["organization_id"] = d.Org, ["severity"] = "warning", ["message"] = "pH level below threshold",
        ["sensor"] = "ph", ["value"] = 6.8, ["threshold"] = 7.0, ["timestamp"] = Now, ["marker"] = marker,
    }.ToJsonString();

    public static string Esp32Command(CrashDevice d) => new JsonObject
    {
        ["device_id"] = d.Id, ["command"] = "set_ph_target", ["parameters"] = new JsonObject { ["target_ph"] = 7.2 },
    }.ToJsonString();

    public static string Esp32Response(string commandId) => new JsonObject
    {
        ["command_id"] = commandId, ["success"] = true, ["response"] = new JsonObject { ["target_ph"] = 7.2 }, ["error"] = null, ["timestamp"] = Now,
    }.ToJsonString();

    /// <summary>petal-app-manager.md's command and response, correlated by messageId.</summary>
    public static string PetalCommand() => new JsonObject { ["command"] = "get_status" }.ToJsonString();

    public static string PetalResponse(string messageId) => new JsonObject
    {
        ["messageId"] = messageId, ["status"] = "success", ["result"] = "Command executed successfully",
    }.ToJsonString();

    /// <summary>anc-aws-iot-shadow.md's emergency event.</summary>
    public static string AncEmergency(string marker) => new JsonObject
    {
        ["is_emergency"] = true, ["predicted_class"] = "fire_alarm", ["confidence"] = 0.94, ["action"] = "anc_bypassed", ["marker"] = marker,
    }.ToJsonString();

    /// <summary>An AWS shadow update of one reported key; the marker is also its clientToken, which the accepted answer echoes.</summary>
    public static string ShadowUpdate(string key, string marker) => new JsonObject
    {
        ["state"] = new JsonObject { ["reported"] = new JsonObject { [key] = marker } }, ["clientToken"] = marker,
    }.ToJsonString();

    public static string Desired(string key, string marker) => new JsonObject { [key] = marker }.ToJsonString();
}
