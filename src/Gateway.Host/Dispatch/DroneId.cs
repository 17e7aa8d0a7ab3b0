using Gateway.Contracts;
using Gateway.Protocols.Drone;

namespace Gateway.Host.Dispatch;

/// <summary>A drone's id as the dispatcher stream uses it: the last part of its entity id.</summary>
public static class DroneId
{
    public const string Kind = DroneTopics.Kind;

    public static string EntityId(string id) => new DeviceKey(Kind, null, id).EntityId;

    /// <summary>The drone id of a drone's entity id (<c>drone/Alpha-3</c>), or null for another family's.</summary>
    public static string? Of(string entityId) =>
        entityId.StartsWith(Kind + "/", StringComparison.Ordinal) ? entityId[(Kind.Length + 1)..] : null;
}
