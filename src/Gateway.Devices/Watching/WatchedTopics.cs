using System.Collections.Frozen;
using Akka.Cluster.Tools.PublishSubscribe;
using Gateway.Contracts.Watching;

namespace Gateway.Devices.Watching;

/// <summary>The topics watched on a node, by device and by family, each with the changes it is for.</summary>
public sealed class WatchedTopics
{
    public static readonly WatchedTopics Nobody = new([]);

    private readonly FrozenDictionary<string, Watches> _devices;
    private readonly FrozenDictionary<string, Watches> _families;
    private readonly bool _any;

    public WatchedTopics(IEnumerable<string> topics)
    {
        Dictionary<string, List<(string, WatchScope)>> devices = new(StringComparer.Ordinal), families = new(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            if (!WatchTopics.TryParse(topic, out var isFamily, out var scope, out var name))
                continue;
            var byName = isFamily ? families : devices;
            if (!byName.TryGetValue(name, out var list))
                byName[name] = list = [];
            list.Add((topic, scope));
        }
        _devices = devices.ToFrozenDictionary(p => p.Key, p => new Watches(p.Value.ToArray()), StringComparer.Ordinal);
        _families = families.ToFrozenDictionary(p => p.Key, p => new Watches(p.Value.ToArray()), StringComparer.Ordinal);
        _any = _devices.Count > 0 || _families.Count > 0;
    }

    /// <summary>Whether some watch of the device or its family is for changes in <paramref name="scope"/>.</summary>
    public bool Watch(string entityId, string kind, WatchScope scope) =>
        _any && ((_devices.TryGetValue(entityId, out var device) && (device.Union & scope) != 0)
            || (_families.TryGetValue(kind, out var family) && (family.Union & scope) != 0));

    /// <summary>Publishes the change on each topic of the device and of its family that is for <paramref name="scope"/>.</summary>
    public void Publish(IActorRef mediator, string entityId, string kind, WatchScope scope, IDeviceChange change)
    {
        if (_devices.TryGetValue(entityId, out var device))
            device.Publish(mediator, scope, change);
        if (_families.TryGetValue(kind, out var family))
            family.Publish(mediator, scope, change);
    }

    private sealed class Watches((string Topic, WatchScope Scope)[] topics)
    {
        public WatchScope Union { get; } = topics.Aggregate((WatchScope)0, (union, t) => union | t.Scope);

        public void Publish(IActorRef mediator, WatchScope scope, IDeviceChange change)
        {
            foreach (var (topic, topicScope) in topics)
                if ((topicScope & scope) != 0)
                    mediator.Tell(new Publish(topic, change));
        }
    }
}
