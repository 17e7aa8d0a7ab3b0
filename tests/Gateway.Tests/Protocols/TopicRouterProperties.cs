using CsCheck;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Xunit;

namespace Gateway.Tests.Protocols;

/// <summary>
/// The router against the families' own topic filters, read as MQTT reads them: a topic built from
/// a filter routes to the family, device, channel and section its levels name; any other string
/// routes nowhere or, if it routes, matches a filter of that family whose levels name that device.
/// </summary>
public sealed class TopicRouterProperties
{
    private static readonly long Iterations = PropertyRuns.Iterations(3_000);

    private static readonly (IDeviceProfile Profile, string Filter)[] Filters =
        [.. DeviceTopics.Profiles.All.SelectMany(p => p.TopicFilters.Select(f => (p, f)))];

    /// <summary>A level a device may be named by: anything but '/', '+', '#' and empty, '$', spaces, non-ASCII and long ones too.</summary>
    private static readonly Gen<string> Level = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcXYZ019-_.:"], 1, 12]),
        (2, Gen.String[1, 20].Where(s => s.IndexOfAny(['/', '+', '#']) < 0)),
        (1, Gen.OneOf("$", "$aws", "é", "中", "𝄞", " ", "shadow", "name", "device", "drone", "telemetry", "gateway", "\u0000")),
        (1, Gen.OneOf(300, 4_096, 65_535).Select(n => new string('x', n)))); // 65,535: the longest MQTT string

    /// <summary>Topic levels as the families spell them, and the ones MQTT gives meaning to.</summary>
    private static readonly Gen<string> Word = Gen.OneOf("", "drone", "devices", "org", "device", "$aws", "things", "shadow",
        "name", "update", "get", "delete", "accepted", "rejected", "delta", "documents", "anc", "telemetry", "status", "events",
        "voice", "transcript", "command", "commands", "command_response", "alert", "config", "response", "wardragon", "drones",
        "aircraft", "signals", "system", "errors", "audio", "emergency", "gateway", "+", "#", "$", "x", "é");

    private static readonly Gen<string> AnyTopic = Gen.Frequency(
        (6, Gen.Select(Gen.Frequency((5, Word), (1, Level)).Array[1, 8], Gen.Bool).Select((levels, lead) => (lead ? "/" : "") + string.Join('/', levels))),
        (1, Gen.String[0, 40]),
        (1, Gen.Select(Gen.OneOf(Filters), Level.Array[2]).Select((f, l) => "gateway/" + DeviceTopics.Fill(f.Filter, l))));

    [Fact]
    public void A_topic_built_from_a_filter_routes_to_what_its_levels_name()
    {
        var router = new TopicRouter(DeviceTopics.Profiles);
        Gen.Select(Gen.OneOf(Filters), Level.Array[2]).Sample((family, levels) =>
        {
            var (profile, filter) = family;
            var topic = DeviceTopics.Fill(filter, levels);
            Assert.True(router.TryRoute(topic, out var route), topic);
            var expected = DeviceTopics.Expected(profile, filter, levels);
            Assert.Equal(profile.Kind, route.Profile.Kind);
            Assert.Equal(expected, (route.Key, route.Section));
            Assert.Equal(route.Key?.EntityId, route.EntityId);
            // The channel is the filter's, whatever the levels are.
            Assert.True(router.TryRoute(DeviceTopics.Fill(filter, DeviceTopics.SeedLevels(profile.Kind, filter)), out var seeded));
            Assert.Equal(seeded.Channel, route.Channel);
        }, iter: Iterations);
    }

    [Fact]
    public void Any_string_routes_nowhere_or_to_the_device_a_matching_filter_names()
    {
        var router = new TopicRouter(DeviceTopics.Profiles, maxCachedTopics: 10_000);
        AnyTopic.Sample(topic =>
        {
            var matching = Filters.Where(f => Matches(f.Filter, topic, out _)).ToList();
            if (!router.TryRoute(topic, out var route))
            {
                Assert.DoesNotContain(matching, f => Matches(f.Filter, topic, out var levels) && levels.All(IsDeviceLevel));
                return;
            }
            Assert.False(topic.StartsWith("gateway/", StringComparison.Ordinal), "the gateway's own topics are not routed");
            var (profile, filter) = Assert.Single(matching);
            Matches(filter, topic, out var named);
            Assert.All(named, level => Assert.True(IsDeviceLevel(level), $"'{level}' of {topic}"));
            Assert.Same(profile, route.Profile);
            Assert.Equal(DeviceTopics.Expected(profile, filter, named), (route.Key, route.Section));
        }, iter: Iterations, print: topic => topic.Length > 300 ? $"{topic[..300]}... ({topic.Length} chars)" : topic);
    }

    private static bool IsDeviceLevel(string level) => level.Length > 0 && level.IndexOfAny(['+', '#']) < 0;

    /// <summary>MQTT matching of a filter without '#': every level equal, '+' any one level (even empty); the levels '+' took.</summary>
    private static bool Matches(string filter, string topic, out List<string> wildcards)
    {
        wildcards = [];
        var f = filter.Split('/');
        var t = topic.Split('/');
        if (f.Length != t.Length)
            return false;
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "+")
                wildcards.Add(t[i]);
            else if (f[i] != t[i])
                return false;
        }
        return true;
    }
}
