using BenchmarkDotNet.Attributes;
using Gateway.Contracts;
using Gateway.Devices.Shadow;
using Gateway.Protocols;

namespace Gateway.Benchmarks;

/// <summary>
/// Decoding one telemetry payload per family: the profile's validation and interpretation
/// (<see cref="IDeviceProfile.Interpret"/>), then the merge into the reported shadow.
/// </summary>
public class PayloadDecodingBenchmarks
{
    private IDeviceProfile _profile = null!;
    private DeviceKey _key;
    private string _channel = "";
    private string? _section;
    private byte[] _payload = [];
    private readonly ShadowDocument _shadow = new();
    private readonly DateTimeOffset _at = DateTimeOffset.UnixEpoch;

    [Params("drone", "esp32", "wardragon", "anc", "petal")]
    public string Family { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var profiles = DeviceProfiles.Create(Payloads.GatewayHocon());
        _profile = profiles.Get(Family);
        (_key, _channel, _section, _payload) = Family switch
        {
            "drone" => (new DeviceKey("drone", null, "Alpha-3"), DeviceChannel.Telemetry, (string?)null, Payloads.DroneTelemetry),
            "esp32" => (new DeviceKey("esp32", "org-123", "esp32-001"), DeviceChannel.Telemetry, null, Payloads.Fixture("esp32/telemetry.json")),
            "wardragon" => (new DeviceKey("wardragon", null, "wardragon-abc123"), "drones", null, Payloads.Fixture("wardragon/drone.json")),
            "anc" => (new DeviceKey("anc", null, "anc-device-001"), "telemetry", "anc", Payloads.Fixture("anc/anc_metrics.json")),
            _ => (new DeviceKey("petal", "acme", "robot-1"), DeviceChannel.Telemetry, null, Payloads.Fixture("petal/telemetry.json")),
        };
        if (_profile.Interpret(_key, _channel, _section, _payload).Action == InputAction.Reject)
            throw new InvalidOperationException($"{Family} fixture is rejected");
        _shadow.Merge(_payload, _at);
    }

    [Benchmark]
    public InputAction Interpret() => _profile.Interpret(_key, _channel, _section, _payload).Action;

    [Benchmark]
    public bool MergeIntoShadow() => _shadow.Merge(_payload, _at);
}
