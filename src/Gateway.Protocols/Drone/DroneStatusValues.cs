using System.Text.Json;

namespace Gateway.Protocols.Drone;

/// <summary>The status and transcript speaker values the SkyRescue document lists.</summary>
public static class DroneStatusValues
{
    public const string List = "READY, CHARGING, IN_FLIGHT, MAINTENANCE, OFFLINE";
    public const string Speakers = "DRONE, BYSTANDER, AED_DEVICE";

    public static bool IsKnown(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("READY"u8) || reader.ValueTextEquals("CHARGING"u8) || reader.ValueTextEquals("IN_FLIGHT"u8)
        || reader.ValueTextEquals("MAINTENANCE"u8) || reader.ValueTextEquals("OFFLINE"u8);

    public static bool IsSpeaker(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("DRONE"u8) || reader.ValueTextEquals("BYSTANDER"u8) || reader.ValueTextEquals("AED_DEVICE"u8);
}
