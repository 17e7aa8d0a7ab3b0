using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gateway.Protocols.Routing;

/// <summary>
/// Maps a device-side topic to its device and channel. Answers are cached per topic string
/// (the broker hands each message's topic over as a string already), so the steady state is one
/// dictionary lookup with no allocation. Topics no family claims are counted, not treated as errors.
/// </summary>
public sealed class TopicRouter(DeviceProfiles profiles, int maxCachedTopics = 1_000_000)
{
    private static readonly Meter Meter = new("Gateway.Routing");
    private static readonly Counter<long> Unrouted = Meter.CreateCounter<long>("gateway.mqtt.unrouted", description: "Messages on topics no device family claims");

    // Negative answers are cached as null so that a chatty unknown topic costs a lookup too.
    private readonly ConcurrentDictionary<string, TopicRoute?> _cache = new(StringComparer.Ordinal);

    public bool TryRoute(string topic, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TopicRoute? route)
    {
        if (!_cache.TryGetValue(topic, out route))
            route = Resolve(topic);
        if (route is null)
        {
            Unrouted.Add(1);
            return false;
        }
        return true;
    }

    private TopicRoute? Resolve(string topic)
    {
        TopicRoute? route = null;
        if (!topic.StartsWith(GatewayTopics.Prefix, StringComparison.Ordinal))
        {
            foreach (var profile in profiles.All)
            {
                if (profile.TryParseTopic(topic, out var match))
                {
                    route = new TopicRoute(profile, match.Key, match.Key?.EntityId, match.Channel, match.Section);
                    break;
                }
            }
        }
        // A flood of distinct topics must not grow memory without bound; starting over is cheap.
        if (_cache.Count >= maxCachedTopics)
            _cache.Clear();
        _cache[topic] = route;
        return route;
    }
}
