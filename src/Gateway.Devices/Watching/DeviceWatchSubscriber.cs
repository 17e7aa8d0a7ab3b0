using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Gateway.Contracts.Watching;

namespace Gateway.Devices.Watching;

/// <summary>
/// One watch: subscribed to the topic on this process's pub-sub mediator, and registered with the
/// watch registry of every gateway node (members with <see cref="GatewayRole"/>, those that join
/// later included), so their device actors publish the topic while this actor lives. Ready once
/// every gateway node has confirmed. The client library's watches and the dispatcher consoles use it.
/// </summary>
public sealed class DeviceWatchSubscriber : ReceiveActor
{
    /// <summary>The cluster role of gateway nodes, the ones that host device actors.</summary>
    public const string GatewayRole = "gateway";

    private readonly string _topic;
    private readonly ChannelWriter<IDeviceChange> _changes;
    private readonly TaskCompletionSource _started;
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Address> _unconfirmed = [];

    public DeviceWatchSubscriber(string topic, ChannelWriter<IDeviceChange> changes, TaskCompletionSource started)
    {
        _topic = topic;
        _changes = changes;
        _started = started;

        Receive<SubscribeAck>(_ =>
        {
            // Registered only now: a gateway node confirms once its mediator has heard of this subscription.
            _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(IsGateway))
                Register(member.Address);
            CompleteIfConfirmed();
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (IsGateway(up.Member))
                Register(up.Member.Address);
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _unconfirmed.Remove(removed.Member.Address);
            CompleteIfConfirmed();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<WatchingStarted>(_ =>
        {
            // This node's own registry answers from a local address (akka://gateway), without host and port.
            var node = Sender.Path.Address;
            _unconfirmed.Remove(node.HasGlobalScope ? node : _cluster.SelfAddress);
            CompleteIfConfirmed();
        });
        Receive<IDeviceChange>(change =>
        {
            if (!_changes.TryWrite(change))
                _log.Warning("Watch of {0} is closed; dropped a change of {1}", _topic, change.EntityId);
        });
    }

    public static Props Props(string topic, ChannelWriter<IDeviceChange> changes, TaskCompletionSource started) =>
        Akka.Actor.Props.Create(() => new DeviceWatchSubscriber(topic, changes, started));

    protected override void PreStart() => _mediator.Tell(new Subscribe(_topic, Self));

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        _mediator.Tell(new Unsubscribe(_topic, Self));
        foreach (var member in _cluster.State.Members.Where(IsGateway))
            Registry(member.Address).Tell(new StopWatching(_topic));
        _changes.TryComplete();
        _started.TrySetCanceled();
    }

    private static bool IsGateway(Member member) =>
        member.HasRole(GatewayRole) && member.Status is MemberStatus.Up or MemberStatus.WeaklyUp;

    private void Register(Address node)
    {
        _unconfirmed.Add(node);
        Registry(node).Tell(new StartWatching(_topic));
    }

    private ActorSelection Registry(Address node) => Context.ActorSelection(new RootActorPath(node) / "user" / StartWatching.RegistryName);

    private void CompleteIfConfirmed()
    {
        if (_unconfirmed.Count == 0)
            _started.TrySetResult();
    }
}
