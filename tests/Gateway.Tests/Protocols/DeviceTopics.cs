using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Routing;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Every device-side topic of the five families, built from each family's own topic filters with
/// the seed documents' ids in the wildcard levels, and where the router sends it.
/// </summary>
public static class DeviceTopics
{
    public static readonly DeviceProfiles Profiles = DeviceProfiles.Create(TestConfig.Gateway);

    /// <summary>The ids the seed documents' examples use, in the order a family's filter names them (tenant first).</summary>
    public static IReadOnlyList<string> SeedLevels(string kind, string filter) => kind switch
    {
        "drone" => ["Alpha-3"],
        "esp32" => ["org-123", "esp32-001"],
        "petal" => ["acme", "robot-1"],
        "anc" => ["anc-device-001", "settings"],
        "wardragon" => ["drone-12345"],
        _ => throw new ArgumentException($"no seed ids for {kind} ({filter})"),
    };

    /// <summary>A filter with its wildcard levels filled in order.</summary>
    public static string Fill(string filter, IReadOnlyList<string> levels)
    {
        var next = 0;
        return string.Join('/', filter.Split('/').Select(level => level == "+" ? levels[next++] : level));
    }

    /// <summary>What the router must answer for a topic built from <paramref name="filter"/> with <paramref name="levels"/>.</summary>
    public static (DeviceKey? Key, string? Section) Expected(IDeviceProfile profile, string filter, IReadOnlyList<string> levels) =>
        Expected(profile, filter, [.. levels.Take(filter.Count(c => c == '+'))]);

    private static (DeviceKey? Key, string? Section) Expected(IDeviceProfile profile, string filter, string[] levels) => profile.Kind switch
    {
        // Kits are named by their payloads; wardragon/drone/{id} names the drone a kit tracks.
        "wardragon" => (null, levels.Length > 0 ? levels[0] : null),
        // A named shadow's name, or the telemetry group, is the section.
        "anc" => (new DeviceKey("anc", null, levels[0]),
            levels.Length > 1 ? levels[1] : filter.StartsWith("anc/telemetry/", StringComparison.Ordinal) ? filter[(filter.LastIndexOf('/') + 1)..] : null),
        _ when profile.HasOrg => (new DeviceKey(profile.Kind, levels[0], levels[1]), null),
        _ => (new DeviceKey(profile.Kind, null, levels[0]), null),
    };

    /// <summary>One routed topic per filter of every family, with the seed ids.</summary>
    public static readonly IReadOnlyList<(string Topic, TopicRoute Route)> Seeded = [.. Profiles.All
        .SelectMany(p => p.TopicFilters.Select(f => Fill(f, SeedLevels(p.Kind, f))))
        .Select(topic => new TopicRouter(Profiles).TryRoute(topic, out var route)
            ? (topic, route)
            : throw new InvalidOperationException($"the router does not route its own family's topic {topic}"))];

    /// <summary>
    /// The seeded topics devices publish on: all but the command topics, whose messages (a backend's
    /// commands) the ingress hands to the command path and never to a device's input.
    /// </summary>
    public static readonly IReadOnlyList<(string Topic, TopicRoute Route)> DeviceInputs =
        [.. Seeded.Where(s => s.Route.Channel != Gateway.Contracts.DeviceChannel.Command)];
}
