using System.Text.Json.Nodes;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The example payloads of skyrescue-drones.md, kept verbatim under Fixtures/ and read with
/// <see cref="Fixtures"/>. Variants (another drone id, a shorter acknowledgement timeout) are
/// derived from them rather than written anew, so every payload a test sends is the document's own shape.
/// </summary>
public static class DroneExamples
{
    public const string Telemetry = "telemetry.json";
    public const string Status = "status.json";
    public const string LaunchCommand = "launch-command.json";
    public const string AbortCommand = "abort-command.json";
    public const string VoiceSpeakCommand = "voice-speak-command.json";
    public const string VoiceTranscript = "voice-transcript.json";
    public const string AedDeployedEvent = "aed-deployed-event.json";

    /// <summary>The drone the document's telemetry and status payloads name.</summary>
    public const string DroneId = "Alpha-3";

    /// <summary>The mission the document's payloads belong to.</summary>
    public const string MissionId = "M-20251201-001";

    /// <summary>The example telemetry as another drone would send it.</summary>
    public static string TelemetryOf(string droneId, Action<JsonObject>? change = null) =>
        Fixtures.With(Telemetry, p =>
        {
            p["drone_id"] = droneId;
            change?.Invoke(p);
        });

    public static string StatusOf(string droneId) => Fixtures.With(Status, p => p["drone_id"] = droneId);

    /// <summary>The example LAUNCH with the acknowledgement timeout a test needs.</summary>
    public static string LaunchWithAckTimeout(int milliseconds, string? missionId = null) =>
        Fixtures.With(LaunchCommand, p =>
        {
            p["expected_ack_timeout"] = milliseconds;
            if (missionId is not null)
                p["mission_id"] = missionId;
        });

    /// <summary>The acknowledgement a drone sends for a LAUNCH, by the document's LAUNCH_ACKNOWLEDGED event.</summary>
    public static string LaunchAcknowledged(string missionId, string? commandId)
    {
        var ack = new JsonObject { ["event"] = "LAUNCH_ACKNOWLEDGED", ["mission_id"] = missionId, ["timestamp"] = "2025-12-01T14:23:16Z" };
        if (commandId is not null)
            ack["command_id"] = commandId;
        return ack.ToJsonString();
    }
}
