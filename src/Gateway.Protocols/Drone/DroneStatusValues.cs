namespace Gateway.Protocols.Drone;

/// <summary>The status and transcript speaker values the SkyRescue document lists.</summary>
public static class DroneStatusValues
{
    public static readonly string[] Statuses = ["READY", "CHARGING", "IN_FLIGHT", "MAINTENANCE", "OFFLINE"];

    public static readonly string[] Speakers = ["DRONE", "BYSTANDER", "AED_DEVICE"];
}
