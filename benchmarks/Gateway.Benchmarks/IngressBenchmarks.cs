using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
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
/// One operation is one telemetry message.
/// </summary>
public class IngressBenchmarks
{
    private ActorSystem _system = null!;
    private MqttIngress _ingress = null!;
    private InboundMessage _message;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", "akka.loglevel = WARNING");
        var sink = _system.ActorOf<Sink>();
        _ingress = new MqttIngress(new TopicRouter(DeviceProfiles.Create(Payloads.GatewayHocon())), sink, sink, NullLogger<MqttIngress>.Instance);
        _message = new InboundMessage("/drone/Alpha-3/telemetry", Payloads.DroneTelemetry, 0, false, "device-1", ForDevices: true, ForObservers: true);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public void OnMessage() => _ingress.OnMessage(in _message);
}
