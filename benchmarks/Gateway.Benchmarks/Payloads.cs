namespace Gateway.Benchmarks;

/// <summary>The device documents' example payloads, as the tests keep them, plus the drone's telemetry and LAUNCH.</summary>
public static class Payloads
{
    public static byte[] Fixture(string path) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));

    public static readonly byte[] DroneTelemetry = """
        {"drone_id":"Alpha-3","mission_id":"M-20251201-001","timestamp":"2025-12-01T14:23:45Z",
         "location":{"latitude":42.3589,"longitude":-71.0602,"altitude":120},"speed":15.5,"heading":87.3,
         "battery":84,"gps_satellites":12,"status":"IN_FLIGHT",
         "ai_status":{"obstacles_detected":0,"landing_zone_confidence":0.92,"navigation_mode":"AUTONOMOUS","person_detected":true,"person_tracking":true}}
        """u8.ToArray();

    /// <summary>skyrescue-drones.md's LAUNCH example.</summary>
    public static readonly byte[] DroneLaunch = """
        {"command":"LAUNCH","mission_id":"M-20251201-001","timestamp":"2025-12-01T14:23:15Z",
         "destination":{"latitude":42.3601,"longitude":-71.0589},"priority":"EMERGENCY",
         "return_to_base":true,"voice_ai_enabled":true,"expected_ack_timeout":5000}
        """u8.ToArray();

    /// <summary>The document's LAUNCH_ACKNOWLEDGED event, which settles the LAUNCH command.</summary>
    public static readonly byte[] DroneLaunchAcknowledged = """
        {"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001","timestamp":"2025-12-01T14:23:16Z","command_id":"c-1"}
        """u8.ToArray();

    /// <summary>wardragon/drones as DragonSync sends it with two drones in view.</summary>
    public static readonly byte[] WarDragonList = """
        [{"seen_by":"wardragon-abc123","id":"drone-12345","lat":37.7749,"lon":-122.4194,"alt":100.5,"speed":15.2,"direction":180,"rssi":-65,"rid_make":"DJI","rid_model":"Mavic 3","track_type":"drone"},
         {"seen_by":"wardragon-abc123","id":"drone-67890","lat":37.7751,"lon":-122.4190,"alt":80.0,"speed":9.1,"direction":90,"rssi":-71,"rid_make":"DJI","rid_model":"Mini 4","track_type":"drone"}]
        """u8.ToArray();

    /// <summary>dese-esp32.md's config message's <c>config</c>, as the API's desired state.</summary>
    public static readonly byte[] EspDesired = """
        {"telemetry_interval":30000,"mqtt_keepalive":60,"sensor_calibration":{"ph":{"offset":0.2,"scale":1.0}}}
        """u8.ToArray();

    public static Akka.Configuration.Config GatewayHocon() => Hocon("gateway.hocon");

    /// <summary>One of the shipped HOCON files in hocon/, copied next to the benchmarks.</summary>
    public static Akka.Configuration.Config Hocon(string file) =>
        Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", file)));
}
