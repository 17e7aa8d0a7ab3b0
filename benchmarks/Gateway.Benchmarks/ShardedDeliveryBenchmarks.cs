using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;

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
    private const int Devices = 100;

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

        var profiles = DeviceProfiles.Create(config);
        var sink = _system.ActorOf<Sink>();
        var context = new DeviceActorContext(profiles, DeviceSettings.From(config),
            profiles.All.ToDictionary(p => p.Kind, p => CommandSettings.For(config, p.Kind)), sink, sink,
            profiles.All.ToDictionary(p => p.Kind, p => TelemetrySettings.For(config, p.Kind)));
        _region = ClusterSharding.Get(_system).Start("device", entityId => DeviceActor.Props(entityId, context),
            ClusterShardingSettings.Create(_system).WithRole("gateway"), new DeviceMessageExtractor(config.GetInt("gateway.sharding.max-shards")));

        _inputs = new DeviceInput[Devices][];
        var telemetry = Encoding.UTF8.GetString(Payloads.DroneTelemetry);
        for (var d = 0; d < Devices; d++)
        {
            var entity = $"drone/bench-{d}";
            var own = telemetry.Replace("Alpha-3", $"bench-{d}");
            _inputs[d] = [Input(entity, Encoding.UTF8.GetBytes(own)), Input(entity, Encoding.UTF8.GetBytes(own.Replace("\"battery\":84", "\"battery\":83")))];
            _region.Tell(_inputs[d][0], ActorRefs.NoSender);
        }
        if (WaitForAll().FirstOrDefault(v => v.RecentRejections.Count > 0) is { } rejected)
            throw new InvalidOperationException($"benchmark telemetry is rejected: {rejected.RecentRejections[0].Reason}");
    }

    private static DeviceInput Input(string entity, byte[] payload) =>
        new(entity, DeviceChannel.Telemetry, $"/drone/{entity[6..]}/telemetry", payload, DateTimeOffset.UtcNow);

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void TellThroughShardRegion()
    {
        for (var i = 0; i < Messages; i++)
        {
            var d = i % Devices;
            _region.Tell(_inputs[d][(i / Devices) & 1], ActorRefs.NoSender);
        }
        WaitForAll();
    }

    private DeviceView[] WaitForAll()
    {
        var views = new Task<DeviceView>[Devices];
        for (var d = 0; d < Devices; d++)
            views[d] = _region.Ask<DeviceView>(new GetDeviceView($"drone/bench-{d}"), TimeSpan.FromMinutes(1));
        Task.WaitAll(views);
        return views.Select(v => v.Result).ToArray();
    }
}
