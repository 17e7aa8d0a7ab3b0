using Gateway.Contracts;

namespace Gateway.Protocols.Routing;

/// <summary>Where one topic goes: built once per distinct topic and cached, so routing a message allocates nothing.</summary>
public sealed record TopicRoute(DeviceKey Key, string EntityId, DeviceChannel Channel);
