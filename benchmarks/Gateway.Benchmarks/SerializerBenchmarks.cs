using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Contracts;
using Gateway.Devices.Journal;
using Gateway.Contracts.Json;

namespace Gateway.Benchmarks;

/// <summary>The journal's hot event (telemetry merged) and a command event, through the device journal's serializer and back.</summary>
public class SerializerBenchmarks
{
    private ActorSystem _system = null!;
    private DeviceJournalSerializer _serializer = null!;
    private ReportedMerged _telemetry = null!;
    private CommandAccepted _command = null!;
    private byte[] _telemetryBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(Payloads.GatewayHocon()));
        _serializer = (DeviceJournalSerializer)_system.Serialization.FindSerializerForType(typeof(ReportedMerged));
        _telemetry = new ReportedMerged(DeviceChannel.Telemetry, new RawJson(Payloads.DroneTelemetry), DateTimeOffset.UtcNow);
        _command = new CommandAccepted("01a20bc928d07535b6fcfaf651b6b0e1", "LAUNCH", "M-20251201-001", new RawJson(Payloads.DroneTelemetry), 5000, 3, DateTimeOffset.UtcNow);
        _telemetryBytes = _serializer.ToBinary(_telemetry);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public byte[] SerializeTelemetryEvent() => _serializer.ToBinary(_telemetry);

    [Benchmark]
    public object DeserializeTelemetryEvent() => _serializer.FromBinary(_telemetryBytes, "rm");

    [Benchmark]
    public object RoundTripCommandEvent() => _serializer.FromBinary(_serializer.ToBinary(_command), "ca");
}
