using System.Collections.Frozen;
using Gateway.Protocols.Drone;
using Gateway.Protocols.Esp32;

namespace Gateway.Protocols;

/// <summary>The registered device families. A new family adds one line here.</summary>
public sealed class DeviceProfiles
{
    public static DeviceProfiles Default { get; } = new(
    [
        new DroneProfile(),
        new Esp32Profile(),
    ]);

    private readonly FrozenDictionary<string, IDeviceProfile> _byKind;

    public DeviceProfiles(IEnumerable<IDeviceProfile> profiles)
    {
        All = profiles.ToArray();
        _byKind = All.ToFrozenDictionary(p => p.Kind, StringComparer.Ordinal);
    }

    public IReadOnlyList<IDeviceProfile> All { get; }

    public bool TryGet(string kind, out IDeviceProfile profile) => _byKind.TryGetValue(kind, out profile!);

    public IDeviceProfile Get(string kind) =>
        TryGet(kind, out var profile) ? profile : throw new ArgumentException($"No device profile for kind '{kind}'", nameof(kind));
}
