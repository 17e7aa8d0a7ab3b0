using System.Collections.Frozen;
using Akka.Cluster.Tools.PublishSubscribe;
using Gateway.Contracts.Watching;

namespace Gateway.Devices.Watching;

/// <summary>
/// Which devices and families someone watches, as this node's watch registry last heard, and the
/// pub-sub mediator their changes go to. Device actors ask it on every state publication, so the
/// answer is one volatile read while nobody watches anything.
/// </summary>
public sealed class DeviceWatchers : IExtension
{
    private volatile Watched _current = Watched.Nobody;

    public DeviceWatchers(ExtendedActorSystem system) => Mediator = DistributedPubSub.Get(system).Mediator;

    public static DeviceWatchers Get(ActorSystem system) => system.WithExtension<DeviceWatchers, DeviceWatchersProvider>();

    public IActorRef Mediator { get; }

    public bool Watch(string entityId, string kind)
    {
        var current = _current;
        return current.Any && (current.Devices.Contains(entityId) || current.Families.Contains(kind));
    }

    /// <summary>Publishes the change on the device's topic and on its family's, each only if watched.</summary>
    public void Publish(string entityId, string kind, IDeviceChange change)
    {
        var current = _current;
        if (current.Devices.Contains(entityId))
            Mediator.Tell(new Publish(WatchTopics.Device(entityId), change));
        if (current.Families.Contains(kind))
            Mediator.Tell(new Publish(WatchTopics.Family(kind), change));
    }

    /// <summary>Replaces the watched topics; only the registry calls it, from its one thread.</summary>
    internal void Set(IEnumerable<string> topics)
    {
        HashSet<string> devices = new(StringComparer.Ordinal), families = new(StringComparer.Ordinal);
        foreach (var topic in topics)
            if (WatchTopics.TryParse(topic, out var isFamily, out var name))
                (isFamily ? families : devices).Add(name);
        _current = new Watched(devices.ToFrozenSet(StringComparer.Ordinal), families.ToFrozenSet(StringComparer.Ordinal));
    }

    private sealed record Watched(FrozenSet<string> Devices, FrozenSet<string> Families)
    {
        public static readonly Watched Nobody = new(FrozenSet<string>.Empty, FrozenSet<string>.Empty);

        public bool Any { get; } = Devices.Count > 0 || Families.Count > 0;
    }
}

public sealed class DeviceWatchersProvider : ExtensionIdProvider<DeviceWatchers>
{
    public override DeviceWatchers CreateExtension(ExtendedActorSystem system) => new(system);
}
