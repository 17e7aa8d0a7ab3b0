using Gateway.LoadTest.Families;
using Gateway.LoadTest.Options;

namespace Gateway.LoadTest.Devices;

/// <summary>
/// All simulated devices of a run, in the proportions of --mix. Ids carry a run tag, so a gateway
/// that is already running sees new devices (with no retained state from an earlier run).
/// </summary>
public sealed class DeviceFleet
{
    private DeviceFleet(IReadOnlyList<SimulatedDevice> devices, IReadOnlyList<(IFamilySimulator Family, int Count)> families)
    {
        Devices = devices;
        Families = families;
        Commandable = devices.Where(d => d.Commandable is not null).ToArray();
    }

    public IReadOnlyList<SimulatedDevice> Devices { get; }

    public IReadOnlyList<(IFamilySimulator Family, int Count)> Families { get; }

    /// <summary>The devices that take commands (drones, ESP32 boards, Petal robots).</summary>
    public IReadOnlyList<SimulatedDevice> Commandable { get; }

    public static DeviceFleet Create(FamilyMix mix, int devices, string runTag)
    {
        var families = mix.Split(devices).Select(s => (Family: FamilySimulators.For(s.Kind), s.Count)).ToList();
        var slots = families.SelectMany(f => Enumerable.Range(1, f.Count).Select(n => (f.Family, Id: $"{runTag}-{f.Family.Kind}-{n:D5}"))).ToArray();
        // Shuffled (with a fixed seed, so runs are alike) so that every connection carries a mix of
        // families, as an edge site with several kinds of device would.
        new Random(20251201).Shuffle(slots);
        var list = slots.Select((s, index) => new SimulatedDevice(index, s.Family, s.Id)).ToArray();
        return new DeviceFleet(list, families);
    }

    /// <summary>The devices of each MQTT connection: consecutive runs of at most <paramref name="perConnection"/>.</summary>
    public IReadOnlyList<SimulatedDevice[]> ByConnection(int perConnection) => Devices.Chunk(perConnection).ToArray();
}
