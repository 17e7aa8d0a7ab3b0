using BenchmarkDotNet.Attributes;
using Gateway.Contracts;
using Gateway.Protocols;

namespace Gateway.Benchmarks;

/// <summary>Checking one command from the API against its family's document (the document's own commands), and an ESP32 desired config.</summary>
public class CommandValidationBenchmarks
{
    private IDeviceProfile _profile = null!;
    private DeviceKey _key;
    private byte[] _payload = [];

    [Params("drone", "esp32", "petal", "esp32 desired")]
    public string Family { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var profiles = DeviceProfiles.Create(Payloads.GatewayHocon());
        (_profile, _key, _payload) = Family switch
        {
            "drone" => (profiles.Get("drone"), new DeviceKey("drone", null, "Alpha-3"), Payloads.DroneLaunch),
            "esp32" => (profiles.Get("esp32"), new DeviceKey("esp32", "org-123", "esp32-001"), Payloads.Fixture("esp32/command.json")),
            "petal" => (profiles.Get("petal"), new DeviceKey("petal", "acme", "robot-1"), Payloads.Fixture("petal/command.json")),
            _ => (profiles.Get("esp32"), new DeviceKey("esp32", "org-123", "esp32-001"), Payloads.EspDesired),
        };
        if (!Validate())
            throw new InvalidOperationException($"{Family} fixture is refused");
    }

    [Benchmark]
    public bool Validate() => Family == "esp32 desired"
        ? _profile.ValidateDesired(_payload).Count == 0
        : _profile.Commands!.ValidateCommand(_key, _payload).IsValid;
}
