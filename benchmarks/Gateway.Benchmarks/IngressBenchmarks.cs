using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Mqtt;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Server;

namespace Gateway.Benchmarks;

/// <summary>
/// The broker's interceptor for one device message, as MQTTnet calls it: the topic routed, the
/// message wrapped (MQTTnet's own payload array, no copy) and told to the shard region (a sink
/// here). MQTTnet's receive work (the packet, its topic string and payload array) is not in it.
/// One operation is one telemetry message.
/// </summary>
public class IngressBenchmarks
{
    private ActorSystem _system = null!;
    private MqttIngress _ingress = null!;
    private InterceptingPublishEventArgs _publish = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", "akka.loglevel = WARNING");
        var sink = _system.ActorOf<Sink>();
        _ingress = new MqttIngress(new TopicRouter(DeviceProfiles.Create(Payloads.GatewayHocon())), sink, sink, NullLogger<MqttIngress>.Instance);
        var message = new MqttApplicationMessage { Topic = "/drone/Alpha-3/telemetry", PayloadSegment = new ArraySegment<byte>(Payloads.DroneTelemetry) };
        _publish = new InterceptingPublishEventArgs(message, "device-1", "", new System.Collections.Hashtable(), CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task OnPublish() => _ingress.OnPublish(_publish);
}
