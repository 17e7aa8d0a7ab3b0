using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;

namespace Gateway.Benchmarks;

/// <summary>
/// Device actors applying drone telemetry in process: validation, the shadow merge, the journal
/// hand-off (to a journal that keeps nothing) and the state publication (to a sink), under each
/// journaling and publication policy. Each operation is one telemetry message; the result is
/// messages per second and bytes per message.
/// </summary>
public class DeviceActorBenchmarks
{
    public const int Messages = 20_000;

    private ActorSystem _system = null!;
    private IActorRef[] _devices = [];
    private DeviceInput[][] _inputs = [];

    [Params(1, 100)]
    public int Devices { get; set; }

    /// <summary>gateway.telemetry.persist: a journal write per message, or one per device per window.</summary>
    [Params("each", "coalesce")]
    public string TelemetryPersist { get; set; } = "each";

    /// <summary>0 publishes a state per message; otherwise at most one per device per interval (gateway.devices.state-publish-interval).</summary>
    [Params("0ms", "20ms")]
    public string StatePublishInterval { get; set; } = "0ms";

    [GlobalSetup]
    public void Setup()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($"""
            akka.actor.provider = local
            akka.loglevel = WARNING
            gateway.devices.state-publish-interval = {StatePublishInterval}
            gateway.telemetry.persist = {TelemetryPersist}
            {NullJournal.Hocon}
            """).WithFallback(Payloads.GatewayHocon());
        _system = ActorSystem.Create("bench", config);
        var context = BenchmarkDevices.Context(config, _system.ActorOf<Sink>());
        _devices = new IActorRef[Devices];
        _inputs = new DeviceInput[Devices][];
        for (var d = 0; d < Devices; d++)
        {
            _devices[d] = _system.ActorOf(DeviceActor.Props(BenchmarkDevices.Entity(d), context));
            _inputs[d] = BenchmarkDevices.Telemetry(d);
            _devices[d].Tell(_inputs[d][0], ActorRefs.NoSender);
        }
        BenchmarkDevices.RefuseRejected(BenchmarkDevices.WaitForAll(d => _devices[d], Devices));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void ApplyTelemetry() => BenchmarkDevices.Tell(d => _devices[d], _inputs, Messages);
}
