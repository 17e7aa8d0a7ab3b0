using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts.Messages;
using Gateway.Mqtt;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Benchmarks;

/// <summary>
/// The device handler for one device message, as the transport calls it: the topic routed, the
/// message wrapped (MQTTnet's own payload array, no copy) and told to the shard region (a sink
/// here). MQTTnet's receive work (the packet, its topic string and payload array) and the
/// transport's <see cref="InboundMessage"/> (a struct, passed by reference) are not in it.
/// One operation is one telemetry message: QoS 0 (told), or QoS 1, whose receipt waits for the
/// device actor's answer (<see cref="Answerer"/> answers at once, so this is the ask's own cost
/// and not a journal write's).
/// </summary>
public class IngressBenchmarks
{
    private ActorSystem _system = null!;
    private MqttIngress _ingress = null!;
    private MqttIngress _asking = null!;
    private InboundMessage _message;
    private InboundMessage _atLeastOnce;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", "akka.loglevel = WARNING");
        var sink = _system.ActorOf<Sink>();
        var router = new TopicRouter(DeviceProfiles.Create(Payloads.GatewayHocon()));
        var notTaken = new NotTakenMessages(NullLogger.Instance);
        var dropped = new DroppedMessages(NullLogger.Instance, reason => reason, TimeSpan.FromSeconds(10));
        _ingress = new MqttIngress(router, sink, sink, TimeSpan.FromSeconds(5), 10_000, () => true, () => null, notTaken, dropped, NullLogger<MqttIngress>.Instance);
        _asking = new MqttIngress(router, _system.ActorOf<Answerer>(), sink, TimeSpan.FromSeconds(5), 10_000, () => true, () => null, notTaken, dropped, NullLogger<MqttIngress>.Instance);
        _message = new InboundMessage("/drone/Alpha-3/telemetry", Payloads.DroneTelemetry, 0, false, "device-1", ForDevices: true, ForObservers: true);
        _atLeastOnce = _message with { Qos = 1 };
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(Baseline = true)]
    public ValueTask<Receipt> OnMessage() => _ingress.OnMessage(in _message);

    [Benchmark]
    public async Task<Receipt> OnQos1Message() => await _asking.OnMessage(in _atLeastOnce);

    /// <summary>A device actor that has nothing to write: it answers every message as taken.</summary>
    private sealed class Answerer : ReceiveActor
    {
        public Answerer() => Receive<DeviceInput>(_ => Sender.Tell(InputTaken.Instance));
    }
}
