using System.Text;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;

namespace Gateway.Benchmarks;

/// <summary>
/// The device actor's share of a command round trip, in process: a drone LAUNCH submitted (the
/// validation, the payload with its command id, the atomic write of acceptance and first attempt,
/// the reply, the command and lifecycle publications), acknowledged by the device's
/// LAUNCH_ACKNOWLEDGED (the event and the settlement, journaled together) and awaited until
/// settled. The journal keeps nothing and the broker is a sink, so what remains of the live round
/// trip (HTTP, the journal's durable writes, MQTT) is measured by the load tool. One operation is
/// one command, from submission to its settled answer.
/// </summary>
public class DeviceCommandBenchmarks
{
    public const int Commands = 1_000;

    private ActorSystem _system = null!;
    private IActorRef[] _devices = [];
    private SubmitCommand[] _submit = [];

    [Params(1, 100)]
    public int Devices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($"""
            akka.actor.provider = local
            akka.loglevel = WARNING
            {NullJournal.Hocon}
            """).WithFallback(Payloads.GatewayHocon());
        _system = ActorSystem.Create("bench", config);
        var context = BenchmarkDevices.Context(config, _system.ActorOf<Sink>());
        _devices = new IActorRef[Devices];
        _submit = new SubmitCommand[Devices];
        for (var d = 0; d < Devices; d++)
        {
            _devices[d] = _system.ActorOf(DeviceActor.Props(BenchmarkDevices.Entity(d), context));
            _submit[d] = new SubmitCommand(BenchmarkDevices.Entity(d), new RawJson(Payloads.DroneLaunch));
        }
        // A refused command would measure the refusal instead: refuse to run on one.
        if (_devices[0].Ask<object>(_submit[0], TimeSpan.FromMinutes(1)).Result is not CommandSubmitted)
            throw new InvalidOperationException("the benchmark's LAUNCH is not accepted");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Commands)]
    public void SubmitAcknowledgeSettle()
    {
        var submitted = new Task<object>[Commands];
        for (var i = 0; i < Commands; i++)
            submitted[i] = _devices[i % Devices].Ask<object>(_submit[i % Devices], TimeSpan.FromMinutes(1));
        Task.WaitAll(submitted);
        var settled = new Task<object>[Commands];
        for (var i = 0; i < Commands; i++)
        {
            var device = _devices[i % Devices];
            var commandId = ((CommandSubmitted)submitted[i].Result).Command.CommandId;
            var ack = Encoding.UTF8.GetBytes($$"""{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001","command_id":"{{commandId}}"}""");
            device.Tell(new DeviceInput(BenchmarkDevices.Entity(i % Devices), DeviceChannel.Events, $"/drone/bench-{i % Devices}/events", ack, DateTimeOffset.UtcNow), ActorRefs.NoSender);
            settled[i] = device.Ask<object>(new AwaitCommandSettled(BenchmarkDevices.Entity(i % Devices), commandId), TimeSpan.FromMinutes(1));
        }
        Task.WaitAll(settled);
        if (settled[^1].Result is not CommandView { Status: CommandStatus.Acknowledged })
            throw new InvalidOperationException($"the last command did not settle acknowledged: {settled[^1].Result}");
    }
}
