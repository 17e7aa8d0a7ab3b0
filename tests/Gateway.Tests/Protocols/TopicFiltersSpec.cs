using Gateway.Contracts;
using Gateway.Mqtt;
using Gateway.Protocols;
using Gateway.Protocols.Anc;
using Xunit;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Each family's declared topic filters are what an external-broker node subscribes to, so they
/// must cover exactly the topics its <see cref="IDeviceProfile.TryParseTopic"/> accepts (a topic
/// left out would never reach the gateway) and none the gateway publishes itself (it would ingest
/// its own commands and replies). These specs keep the filters and the parsers from drifting apart.
/// </summary>
public sealed class TopicFiltersSpec
{
    private static readonly DeviceProfiles Profiles = DeviceProfiles.Create(TestConfig.Gateway);

    /// <summary>The device-side topics of every family as its protocol document spells them.</summary>
    public static TheoryData<string, string> DocumentTopics => new()
    {
        { "drone", "/drone/Alpha-3/telemetry" },
        { "drone", "/drone/Alpha-3/status" },
        { "drone", "/drone/Alpha-3/events" },
        { "drone", "/drone/Alpha-3/voice/transcript" },
        { "drone", "drone/Alpha-3/telemetry" },
        { "drone", "drone/Alpha-3/voice/transcript" },
        { "esp32", "devices/org-123/esp32-001/telemetry" },
        { "esp32", "devices/org-123/esp32-001/status" },
        { "esp32", "devices/org-123/esp32-001/command_response" },
        { "esp32", "devices/org-123/esp32-001/alert" },
        { "wardragon", "wardragon/drones" },
        { "wardragon", "wardragon/drone/drone-12345" },
        { "wardragon", "wardragon/aircraft" },
        { "wardragon", "wardragon/signals" },
        { "wardragon", "wardragon/system" },
        { "anc", "$aws/things/anc-device-001/shadow/update" },
        { "anc", "$aws/things/anc-device-001/shadow/get" },
        { "anc", "$aws/things/anc-device-001/shadow/delete" },
        { "anc", "$aws/things/anc-device-001/shadow/name/config/update" },
        { "anc", "$aws/things/anc-device-001/shadow/name/config/get" },
        { "anc", "$aws/things/anc-device-001/shadow/name/config/delete" },
        { "anc", "anc/devices/anc-device-001/status" },
        { "anc", "anc/devices/anc-device-001/emergency" },
        { "anc", "anc/telemetry/anc-device-001/anc" },
        { "anc", "anc/telemetry/anc-device-001/audio" },
        { "anc", "anc/telemetry/anc-device-001/system" },
        { "anc", "anc/telemetry/anc-device-001/errors" },
        { "petal", "org/acme/device/robot-1/telemetry" },
        { "petal", "org/acme/device/robot-1/response" },
    };

    [Fact]
    public void Every_family_declares_valid_filters()
    {
        foreach (var profile in Profiles.All)
        {
            Assert.NotEmpty(profile.TopicFilters);
            foreach (var filter in profile.TopicFilters)
                Assert.True(TopicFilter.Validate(filter) is null, $"{profile.Kind}: '{filter}' is not a valid filter: {TopicFilter.Validate(filter)}");
        }
    }

    [Theory]
    [MemberData(nameof(DocumentTopics))]
    public void Every_document_topic_is_accepted_by_its_family_and_matched_by_its_filters(string kind, string topic)
    {
        var profile = Profiles.Get(kind);
        Assert.True(profile.TryParseTopic(topic, out _), $"{kind} does not accept {topic}");
        Assert.Contains(profile.TopicFilters, f => TopicFilter.Matches(f, topic));
    }

    /// <summary>
    /// Apart from the command topics, where a backend may publish a command itself: their filters
    /// bring the gateway's own commands back, told apart by the mark they carry (ExternalBrokerTests),
    /// and their family routes them as commands (PublishedCommandSpec).
    /// </summary>
    [Fact]
    public void No_declared_filter_matches_a_topic_the_gateway_publishes_other_than_commands()
    {
        var filters = Profiles.TopicFilters;
        foreach (var profile in Profiles.All)
        {
            foreach (var topic in GatewayPublished(profile))
            {
                var matching = filters.Where(f => TopicFilter.Matches(f, topic)).ToList();
                Assert.True(matching.Count == 0, $"the gateway publishes {topic} ({profile.Kind}), which {string.Join(", ", matching)} would bring back to it");
            }
        }
    }

    /// <summary>
    /// Topics near the declared ones (each filter with its wildcards filled in, then a level changed,
    /// added or removed, or the leading slash toggled): a family accepts a topic exactly when one of
    /// its filters matches it, apart from empty levels, which a filter's '+' matches and no family accepts.
    /// </summary>
    [Fact]
    public void A_family_accepts_exactly_the_topics_its_filters_match()
    {
        var words = Profiles.TopicFilters.SelectMany(f => f.Split('/')).Where(w => w is not ("" or "+" or "#"))
            .Concat(["Alpha-3", "org-123", "x", "command", "commands", "config", "accepted", "rejected", "delta", "documents", "gateway", "state", ""])
            .Distinct().ToArray();
        var random = new Random(20251201);
        for (var i = 0; i < 100_000; i++)
        {
            var topic = Near(Profiles.TopicFilters[random.Next(Profiles.TopicFilters.Count)], words, random);
            var hasEmptyLevel = (topic.StartsWith('/') ? topic[1..] : topic).Split('/').Any(l => l.Length == 0);
            foreach (var profile in Profiles.All)
            {
                var accepted = profile.TryParseTopic(topic, out _);
                var matched = profile.TopicFilters.Any(f => TopicFilter.Matches(f, topic));
                if (accepted)
                    Assert.True(matched, $"{profile.Kind} accepts '{topic}' but none of its filters matches it");
                else if (!hasEmptyLevel)
                    Assert.False(matched, $"a filter of {profile.Kind} matches '{topic}', which it does not accept");
            }
        }
    }

    /// <summary>What the gateway itself publishes for one device of <paramref name="profile"/>'s family.</summary>
    private static IEnumerable<string> GatewayPublished(IDeviceProfile profile)
    {
        var key = new DeviceKey(profile.Kind, profile.HasOrg ? "org-123" : null, "device-1");
        if (profile.DesiredTopic(key) is { } desired)
            yield return desired;
        yield return GatewayTopics.State(key);
        yield return GatewayTopics.Command(key, "cmd-1");
        yield return GatewayTopics.Events(key);
        yield return GatewayTopics.Rejected(profile.Kind);
        if (profile.Kind != AncTopics.Kind)
            yield break;
        // The AWS shadow replies AwsShadows publishes, for the classic and a named shadow.
        string[] replies = ["update/accepted", "update/rejected", "update/delta", "update/documents", "get/accepted", "get/rejected", "delete/accepted", "delete/rejected"];
        foreach (var root in new[] { AncTopics.ShadowRoot(key.Id, null), AncTopics.ShadowRoot(key.Id, "config") })
        {
            foreach (var reply in replies)
                yield return $"{root}/{reply}";
        }
    }

    private static string Near(string filter, string[] words, Random random)
    {
        var levels = filter.Split('/').Select(l => l is "+" or "#" ? words[random.Next(words.Length)] : l).ToList();
        switch (random.Next(5))
        {
            case 0:
                levels[random.Next(levels.Count)] = words[random.Next(words.Length)];
                break;
            case 1:
                levels.Insert(random.Next(levels.Count + 1), words[random.Next(words.Length)]);
                break;
            case 2 when levels.Count > 1:
                levels.RemoveAt(random.Next(levels.Count));
                break;
            case 3:
                return levels[0].Length == 0 ? string.Join('/', levels.Skip(1)) : "/" + string.Join('/', levels);
        }
        return string.Join('/', levels);
    }
}
