namespace Gateway.Devices.Sharding;

/// <summary>
/// Actor-registry key of the device shard region: the region itself on the nodes that host
/// devices, its proxy in a process that only talks to them.
/// </summary>
public sealed class DeviceRegion;
