using System.Collections.Frozen;
using Akka.Configuration;
using Gateway.Protocols.Anc;
using Gateway.Protocols.Drone;
using Gateway.Protocols.Esp32;
using Gateway.Protocols.Petal;
using Gateway.Protocols.WarDragon;

namespace Gateway.Protocols;

/// <summary>The registered device families. A new family adds one line here.</summary>
public sealed class DeviceProfiles
{
    /// <summary>Every family, with its settings from <c>gateway.families.{kind}</c>.</summary>
    public static DeviceProfiles Create(Config config) => new(
    [
        new DroneProfile(),
        new Esp32Profile(),
        WarDragonProfile.From(config.GetConfig("gateway.families.wardragon")),
        AncProfile.From(config.GetConfig("gateway.families.anc")),
        new PetalProfile(),
    ]);

    private readonly FrozenDictionary<string, IDeviceProfile> _byKind;

    public DeviceProfiles(IEnumerable<IDeviceProfile> profiles)
    {
        All = profiles.ToArray();
        _byKind = All.ToFrozenDictionary(p => p.Kind, StringComparer.Ordinal);
    }

    public IReadOnlyList<IDeviceProfile> All { get; }

    /// <summary>Every family's <see cref="IDeviceProfile.TopicFilters"/>, each once.</summary>
    public IReadOnlyList<string> TopicFilters => [.. All.SelectMany(p => p.TopicFilters).Distinct(StringComparer.Ordinal)];

    public bool TryGet(string kind, out IDeviceProfile profile) => _byKind.TryGetValue(kind, out profile!);

    public IDeviceProfile Get(string kind) =>
        TryGet(kind, out var profile) ? profile : throw new ArgumentException($"No device profile for kind '{kind}'", nameof(kind));
}
