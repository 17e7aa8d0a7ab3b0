using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Gateway.Devices.Sharding;

namespace Gateway.Benchmarks;

/// <summary>
/// The same drone telemetry as <see cref="DeviceActorBenchmarks"/> (shipped policies), told to
/// the device actors through the gateway's shard region on a one-node cluster, as the broker's
/// interceptor tells it: the region and shard hops with the gateway's message extractor, on top
/// of the actor's own work. The difference from DeviceActorBenchmarks is what sharding costs per
/// message. One operation is one telemetry message.
/// </summary>
public class ShardedDeliveryBenchmarks
{
    public const int Messages = 20_000;

    private ActorSystem _system = null!;
    private IActorRef _region = ActorRefs.Nobody;
    private DeviceInput[][] _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($"""
            akka.loglevel = WARNING
            {NullJournal.Hocon}
            """).WithFallback(Payloads.GatewayHocon())
            .WithFallback(Payloads.Hocon("cluster.hocon"))
            .WithFallback(ClusterSharding.DefaultConfig());
        _system = ActorSystem.Create("bench", config);
        var cluster = Cluster.Get(_system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        if (!up.Task.Wait(TimeSpan.FromMinutes(1)))
            throw new InvalidOperationException("the one-node cluster did not come up");

        var context = BenchmarkDevices.Context(config, _system.ActorOf<Sink>());
        _region = ClusterSharding.Get(_system).Start("device", entityId => DeviceActor.Props(entityId, context),
            ClusterShardingSettings.Create(_system).WithRole("gateway"), new DeviceMessageExtractor(config.GetInt("gateway.sharding.max-shards")));
        _inputs = new DeviceInput[BenchmarkDevices.Count][];
        for (var d = 0; d < _inputs.Length; d++)
        {
            _inputs[d] = BenchmarkDevices.Telemetry(d);
            _region.Tell(_inputs[d][0], ActorRefs.NoSender);
        }
        BenchmarkDevices.RefuseRejected(BenchmarkDevices.WaitForAll(_ => _region, _inputs.Length));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void TellThroughShardRegion() => BenchmarkDevices.Tell(_ => _region, _inputs, Messages);
}
