using Akka.Cluster.Sharding;
using Akka.Util;
using Gateway.Contracts;

namespace Gateway.Devices.Sharding;

/// <summary>
/// Routes every <see cref="IDeviceMessage"/> to the shard of its entity id. The shard is the same
/// hash Akka's <see cref="HashCodeMessageExtractor"/> uses, but its name comes from a table built
/// once, so routing a device message does not allocate a shard-id string each time.
/// </summary>
public sealed class DeviceMessageExtractor : HashCodeMessageExtractor
{
    private readonly string[] _shardIds;

    public DeviceMessageExtractor(int maxShards) : base(maxShards) =>
        _shardIds = Enumerable.Range(0, maxShards).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    // Akka.NET handles StartEntity and ShardingEnvelope itself before asking the extractor.
    public override string? EntityId(object message) => (message as IDeviceMessage)?.EntityId;

    public override string ShardId(string entityId, object? messageHint = null) =>
        _shardIds[Math.Abs(MurmurHash.StringHash(entityId) % MaxNumberOfShards)];
}
