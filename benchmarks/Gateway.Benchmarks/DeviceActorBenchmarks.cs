using System.Text;
using Akka.Actor;
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
        var profiles = DeviceProfiles.Create(config);
        var sink = _system.ActorOf<Sink>();
        var context = new DeviceActorContext(profiles, DeviceSettings.From(config),
            profiles.All.ToDictionary(p => p.Kind, p => CommandSettings.For(config, p.Kind)), sink, sink,
            profiles.All.ToDictionary(p => p.Kind, p => TelemetrySettings.For(config, p.Kind)));
        _devices = new IActorRef[Devices];
        _inputs = new DeviceInput[Devices][];
        var telemetry = System.Text.Encoding.UTF8.GetString(Payloads.DroneTelemetry);
        for (var d = 0; d < Devices; d++)
        {
            var entity = $"drone/bench-{d}";
            _devices[d] = _system.ActorOf(DeviceActor.Props(entity, context));
            // The payload names its own drone (else it is rejected), and alternating values make
            // every message change the shadow, as live telemetry does.
            var own = telemetry.Replace("Alpha-3", $"bench-{d}");
            _inputs[d] = [Input(entity, Encoding.UTF8.GetBytes(own)), Input(entity, Encoding.UTF8.GetBytes(own.Replace("\"battery\":84", "\"battery\":83")))];
            _devices[d].Tell(_inputs[d][0], ActorRefs.NoSender);
        }
        // A rejected payload would measure the rejection path instead: refuse to run on one.
        if (WaitForAll().FirstOrDefault(v => v.RecentRejections.Count > 0) is { } rejected)
            throw new InvalidOperationException($"benchmark telemetry is rejected: {rejected.RecentRejections[0].Reason}");
    }

    private static DeviceInput Input(string entity, byte[] payload) =>
        new(entity, DeviceChannel.Telemetry, $"/drone/{entity[6..]}/telemetry", payload, DateTimeOffset.UtcNow);

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void ApplyTelemetry()
    {
        for (var i = 0; i < Messages; i++)
        {
            var d = i % Devices;
            _devices[d].Tell(_inputs[d][(i / Devices) & 1], ActorRefs.NoSender);
        }
        WaitForAll();
    }

    private DeviceView[] WaitForAll()
    {
        // A device answers after everything sent before, so one answer each means all were applied.
        var views = new Task<DeviceView>[Devices];
        for (var d = 0; d < Devices; d++)
            views[d] = _devices[d].Ask<DeviceView>(new GetDeviceView($"drone/bench-{d}"), TimeSpan.FromMinutes(1));
        Task.WaitAll(views);
        return views.Select(v => v.Result).ToArray();
    }
}
