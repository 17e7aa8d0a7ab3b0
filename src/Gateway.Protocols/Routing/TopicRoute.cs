using Gateway.Contracts;

namespace Gateway.Protocols.Routing;

/// <summary>
/// Where one topic goes: built once per distinct topic and cached, so routing a message
/// allocates nothing. <see cref="EntityId"/> is null where the payload names the device.
/// </summary>
public sealed record TopicRoute(IDeviceProfile Profile, DeviceKey? Key, string? EntityId, string Channel, string? Section);
