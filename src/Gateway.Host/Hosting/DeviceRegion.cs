namespace Gateway.Host.Hosting;

/// <summary>Actor-registry key of the device shard region.</summary>
public sealed class DeviceRegion;
