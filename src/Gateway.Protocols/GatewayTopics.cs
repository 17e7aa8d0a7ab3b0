using Gateway.Contracts;

namespace Gateway.Protocols;

/// <summary>The topics the gateway itself publishes on, the same for every family.</summary>
public static class GatewayTopics
{
    public const string Prefix = "gateway/";

    public static string State(DeviceKey key) => $"gateway/{key.EntityId}/state";

    public static string Command(DeviceKey key, string commandId) => $"gateway/{key.EntityId}/commands/{commandId}";

    /// <summary>Device events (drone events, ESP32 alerts, ANC emergencies), published once journaled.</summary>
    public static string Events(DeviceKey key) => $"gateway/{key.EntityId}/events";

    public static string Rejected(string kind) => $"gateway/rejected/{kind}";
}
