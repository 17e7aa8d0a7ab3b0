using BenchmarkDotNet.Attributes;
using Gateway.Protocols;
using Gateway.Protocols.Routing;

namespace Gateway.Benchmarks;

/// <summary>Routing one message's topic to its device and channel, for each family (the steady state: a topic seen before).</summary>
public class TopicRoutingBenchmarks
{
    private TopicRouter _router = null!;

    [Params(
        "/drone/Alpha-3/telemetry",
        "devices/org-123/esp32-001/telemetry",
        "wardragon/drones",
        "$aws/things/anc-device-001/shadow/update",
        "anc/telemetry/anc-device-001/anc",
        "org/acme/device/robot-1/telemetry",
        "factory/unknown/topic")]
    public string Topic { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _router = new TopicRouter(DeviceProfiles.Create(Payloads.GatewayHocon()));
        _router.TryRoute(Topic, out _);
    }

    [Benchmark]
    public bool Route() => _router.TryRoute(Topic, out _);
}
