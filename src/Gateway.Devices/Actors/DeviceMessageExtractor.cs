using Akka.Cluster.Sharding;
using Gateway.Contracts;

namespace Gateway.Devices.Actors;

/// <summary>Routes every <see cref="IDeviceMessage"/> to the shard of its entity id.</summary>
public sealed class DeviceMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    // Akka.NET handles StartEntity and ShardingEnvelope itself before asking the extractor.
    public override string? EntityId(object message) => (message as IDeviceMessage)?.EntityId;
}
