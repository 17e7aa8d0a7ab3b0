using Akka.Cluster.Sharding;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Gateway.Devices.Sharding;
using Xunit;

namespace Gateway.Tests.Devices;

public sealed class DeviceMessageExtractorSpec
{
    [Fact]
    public void Shards_exactly_as_akkas_own_extractor_does_without_allocating()
    {
        var ours = new DeviceMessageExtractor(100);
        var akkas = HashCodeMessageExtractor.Create(100, m => (m as GetDeviceView)?.EntityId);
        for (var i = 0; i < 2000; i++)
        {
            var id = $"drone/d-{i}";
            Assert.Equal(akkas.ShardId(id), ours.ShardId(id));
            Assert.Equal(id, ours.EntityId(new GetDeviceView(id)));
        }

        const string entity = "drone/Alpha-3";
        ours.ShardId(entity);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            ours.ShardId(entity);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
