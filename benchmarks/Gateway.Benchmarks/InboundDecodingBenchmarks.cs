using BenchmarkDotNet.Attributes;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.FamilyState;

namespace Gateway.Benchmarks;

/// <summary>
/// The protocol side of one inbound message that is more than telemetry, from the bytes to the
/// state it changes: the device a payload names (WarDragon), the profile's
/// <see cref="IDeviceProfile.Interpret"/> and, for a family's own state, its decision and the
/// application of the entry it journals (as the device actor applies it live).
/// </summary>
public class InboundDecodingBenchmarks
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private IDeviceProfile _profile = null!;
    private IFamilyState? _familyState;
    private DeviceKey _key;
    private string _channel = "";
    private string? _section;
    private byte[] _payload = [];

    [Params("drone/events", "esp32/command_response", "petal/response", "wardragon/drones", "wardragon/drones list", "anc/shadow/update")]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var profiles = DeviceProfiles.Create(Payloads.GatewayHocon());
        var kit = new DeviceKey("wardragon", null, "wardragon-abc123");
        (_profile, _key, _channel, _section, _payload) = Message switch
        {
            "drone/events" => (profiles.Get("drone"), new DeviceKey("drone", null, "Alpha-3"), DeviceChannel.Events, (string?)null, Payloads.DroneLaunchAcknowledged),
            "esp32/command_response" => (profiles.Get("esp32"), new DeviceKey("esp32", "org-123", "esp32-001"), "command_response", null, Payloads.Fixture("esp32/command_response.json")),
            "petal/response" => (profiles.Get("petal"), new DeviceKey("petal", "acme", "robot-1"), "response", null, Payloads.Fixture("petal/response.json")),
            "wardragon/drones" => (profiles.Get("wardragon"), kit, "drones", null, Payloads.Fixture("wardragon/drone.json")),
            "wardragon/drones list" => (profiles.Get("wardragon"), kit, "drones", null, Payloads.WarDragonList),
            _ => (profiles.Get("anc"), new DeviceKey("anc", null, "anc-device-001"), "shadow/update", null, Payloads.Fixture("anc/reported.json")),
        };
        _familyState = _profile.CreateFamilyState(_key);
        if (!Receive())
            throw new InvalidOperationException($"{Message} fixture is refused");
    }

    [Benchmark]
    public bool Receive()
    {
        var key = _key;
        if (_profile.Kind == "wardragon" && !_profile.TryReadPayloadKey(_channel, _payload, out key, out _))
            return false;
        var plan = _profile.Interpret(key, _channel, _section, _payload);
        if (plan.Action == InputAction.Reject)
            return false;
        if (plan.Action != InputAction.FamilyState)
            return true;
        var step = _familyState!.Handle(_channel, _section, _payload, At);
        if (step.RejectReason is not null)
            return false;
        foreach (var entry in step.Persist)
            _familyState.Apply(entry, live: true);
        return true;
    }
}
