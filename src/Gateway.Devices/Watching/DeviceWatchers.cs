using Akka.Cluster.Tools.PublishSubscribe;
using Gateway.Contracts.Watching;

namespace Gateway.Devices.Watching;

/// <summary>
/// Which devices and families someone watches, for which changes, as this node's watch registry
/// last heard, and the pub-sub mediator their changes go to. Device actors ask it on every state
/// publication, so the answer is one volatile read while nobody watches anything.
/// </summary>
public sealed class DeviceWatchers : IExtension
{
    private volatile WatchedTopics _current = WatchedTopics.Nobody;

    public DeviceWatchers(ExtendedActorSystem system) => Mediator = DistributedPubSub.Get(system).Mediator;

    public static DeviceWatchers Get(ActorSystem system) => system.WithExtension<DeviceWatchers, DeviceWatchersProvider>();

    public IActorRef Mediator { get; }

    /// <summary>Whether a change of <paramref name="scope"/> is watched: only then is it worth building.</summary>
    public bool Watch(string entityId, string kind, WatchScope scope) => _current.Watch(entityId, kind, scope);

    /// <summary>Publishes the change on each watched topic of the device and of its family that is for its scope.</summary>
    public void Publish(string entityId, string kind, WatchScope scope, IDeviceChange change) =>
        _current.Publish(Mediator, entityId, kind, scope, change);

    /// <summary>Replaces the watched topics; only the registry calls it, from its one thread.</summary>
    internal void Set(IEnumerable<string> topics) => _current = new WatchedTopics(topics);
}

public sealed class DeviceWatchersProvider : ExtensionIdProvider<DeviceWatchers>
{
    public override DeviceWatchers CreateExtension(ExtendedActorSystem system) => new(system);
}
