namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The example payloads of dese-esp32.md, wardragon-kits.md, anc-aws-iot-shadow.md and
/// petal-app-manager.md, kept verbatim under Fixtures/{family}/ and read with <see cref="Fixtures"/>.
/// </summary>
public static class FamilyExamples
{
    public static class Esp32
    {
        public const string Telemetry = "esp32/telemetry.json";
        public const string Status = "esp32/status.json";
        public const string Command = "esp32/command.json";
        public const string CommandResponse = "esp32/command_response.json";
        public const string Config = "esp32/config.json";
        public const string Alert = "esp32/alert.json";

        /// <summary>The tenant and device the document's payloads name.</summary>
        public const string Org = "org-123";
        public const string DeviceId = "esp32-001";
        public const string CommandId = "cmd-1234567890-abc";
    }

    public static class WarDragon
    {
        public const string Drone = "wardragon/drone.json";
        public const string Aircraft = "wardragon/aircraft.json";
        public const string Signal = "wardragon/signal.json";

        /// <summary>The kit (seen_by), drone, aircraft and FPV frequency the document's payloads name.</summary>
        public const string KitId = "wardragon-abc123";
        public const string DroneId = "drone-12345";
        public const string Icao = "A12345";
        public const string SignalFrequency = "5800";
    }

    public static class Anc
    {
        public const string Reported = "anc/reported.json";
        public const string Desired = "anc/desired.json";
        public const string Delta = "anc/delta.json";
        public const string Emergency = "anc/emergency.json";
        public const string AncMetrics = "anc/anc_metrics.json";

        /// <summary>The thing the document provisions.</summary>
        public const string Thing = "anc-device-001";
    }

    public static class Petal
    {
        public const string Command = "petal/command.json";
        public const string Response = "petal/response.json";
        public const string Telemetry = "petal/telemetry.json";

        /// <summary>The placeholder in the response example that stands for the command's id.</summary>
        public const string MessageIdPlaceholder = "MESSAGE_ID";
    }
}
