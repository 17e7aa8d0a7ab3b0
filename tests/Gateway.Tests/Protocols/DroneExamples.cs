namespace Gateway.Tests.Protocols;

/// <summary>The example payloads of skyrescue-drones.md, verbatim.</summary>
public static class DroneExamples
{
    public const string Telemetry = """
        {
          "drone_id": "Alpha-3",
          "mission_id": "M-20251201-001",
          "timestamp": "2025-12-01T14:23:45Z",
          "location": {
            "latitude": 42.3589,
            "longitude": -71.0602,
            "altitude": 120
          },
          "speed": 15.5,
          "heading": 87.3,
          "battery": 84,
          "gps_satellites": 12,
          "status": "IN_FLIGHT",
          "ai_status": {
            "obstacles_detected": 0,
            "landing_zone_confidence": 0.92,
            "navigation_mode": "AUTONOMOUS",
            "person_detected": true,
            "person_tracking": true
          }
        }
        """;

    public const string Status = """
        {
          "drone_id": "Alpha-3",
          "timestamp": "2025-12-01T14:00:00Z",
          "status": "READY",
          "location": {
            "latitude": 42.3500,
            "longitude": -71.0600,
            "altitude": 0
          },
          "battery": 98,
          "charging": false,
          "last_mission": "2025-12-01T13:45:00Z",
          "total_missions": 127,
          "hardware_health": {
            "motors": "OK",
            "cameras": "OK",
            "gps": "OK",
            "microphones": "OK",
            "speaker": "OK",
            "ai_compute": "OK",
            "temperature_c": 32
          },
          "software_versions": {
            "firmware": "1.2.5",
            "ai_models": "2.1.0",
            "voice_ai": "1.0.3"
          }
        }
        """;

    public const string Transcript = """
        {
          "mission_id": "M-20251201-001",
          "timestamp": "2025-12-01T14:23:52Z",
          "speaker": "DRONE",
          "text": "This is SkyRescue. I have an AED. Can you help?",
          "language": "en",
          "confidence": 0.99,
          "audio_duration_ms": 3200
        }
        """;

    public const string AedDeployed = """
        {
          "event": "AED_DEPLOYED",
          "mission_id": "M-20251201-001",
          "timestamp": "2025-12-01T14:24:15Z",
          "details": {
            "compartment_opened": true,
            "aed_removed": true,
            "bystander_confirmed": true
          }
        }
        """;

    public const string Launch = """
        {
          "command": "LAUNCH",
          "mission_id": "M-20251201-001",
          "timestamp": "2025-12-01T14:23:15Z",
          "destination": {
            "latitude": 42.3601,
            "longitude": -71.0589
          },
          "priority": "EMERGENCY",
          "return_to_base": true,
          "voice_ai_enabled": true,
          "expected_ack_timeout": 5000
        }
        """;

    public const string Abort = """
        {
          "command": "ABORT",
          "mission_id": "M-20251201-001",
          "timestamp": "2025-12-01T14:25:30Z",
          "abort_mode": "RETURN_TO_BASE",
          "reason": "Incorrect location"
        }
        """;

    public const string VoiceSpeak = """
        {
          "command": "VOICE_SPEAK",
          "mission_id": "M-20251201-001",
          "timestamp": "2025-12-01T14:24:10Z",
          "text": "The ambulance will arrive in 3 minutes.",
          "language": "en",
          "interrupt": false
        }
        """;

    public const string ReturnToBase = """{"command":"RETURN_TO_BASE","mission_id":"TEST-001","timestamp":"2025-12-01T14:00:00Z"}""";

    public static byte[] Utf8(string json) => System.Text.Encoding.UTF8.GetBytes(json);
}
