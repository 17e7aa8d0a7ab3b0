using Akka.Cluster.Tools.PublishSubscribe;
using Gateway.Contracts.Watching;

namespace Gateway.Devices.Watching;

/// <summary>
/// One per gateway node, at <see cref="StartWatching.RegistryPath"/>: the topics watchers have
/// asked this node to publish, kept while each watcher lives. A watcher is answered once this
/// node's pub-sub mediator knows its subscription (gossip takes a second or more), so a change
/// published after the answer reaches it.
/// </summary>
public sealed class DeviceWatchRegistry : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CheckFor = TimeSpan.FromSeconds(10);

    private readonly DeviceWatchers _watchers = DeviceWatchers.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, HashSet<string>> _topicsBySubscriber = new();
    private readonly List<Unconfirmed> _unconfirmed = [];

    public DeviceWatchRegistry()
    {
        Receive<StartWatching>(start =>
        {
            if (!_topicsBySubscriber.TryGetValue(Sender, out var topics))
            {
                _topicsBySubscriber[Sender] = topics = new HashSet<string>(StringComparer.Ordinal);
                Context.Watch(Sender);
            }
            if (topics.Add(start.Topic))
                Update();
            _unconfirmed.Add(new Unconfirmed(Sender, start.Topic, DateTime.UtcNow + CheckFor));
            if (_unconfirmed.Count == 1)
                _watchers.Mediator.Tell(GetTopics.Instance);
        });
        Receive<StopWatching>(stop =>
        {
            if (_topicsBySubscriber.TryGetValue(Sender, out var topics) && topics.Remove(stop.Topic))
            {
                if (topics.Count == 0)
                    Forget(Sender);
                Update();
            }
        });
        Receive<Terminated>(t =>
        {
            if (_topicsBySubscriber.ContainsKey(t.ActorRef))
            {
                Forget(t.ActorRef);
                Update();
            }
        });
        Receive<CurrentTopics>(Confirm);
        Receive<CheckTopics>(_ => _watchers.Mediator.Tell(GetTopics.Instance));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new DeviceWatchRegistry());

    private void Confirm(CurrentTopics current)
    {
        var known = current.Topics.Select(Uri.UnescapeDataString).ToHashSet(StringComparer.Ordinal);
        var now = DateTime.UtcNow;
        _unconfirmed.RemoveAll(u =>
        {
            if (known.Contains(u.Topic))
            {
                u.Subscriber.Tell(new WatchingStarted(u.Topic));
                return true;
            }
            if (now < u.Deadline)
                return false;
            // Answered anyway: the subscription reaches this node eventually, and the watcher should not hang.
            _log.Warning("Pub-sub on this node did not learn of the subscription to {0} within {1}; changes until it does are not delivered", u.Topic, CheckFor);
            u.Subscriber.Tell(new WatchingStarted(u.Topic));
            return true;
        });
        if (_unconfirmed.Count > 0)
            Timers.StartSingleTimer(nameof(CheckTopics), CheckTopics.Instance, CheckEvery);
    }

    private void Forget(IActorRef subscriber)
    {
        _topicsBySubscriber.Remove(subscriber);
        Context.Unwatch(subscriber);
        _unconfirmed.RemoveAll(u => u.Subscriber.Equals(subscriber));
    }

    private void Update() => _watchers.Set(_topicsBySubscriber.Values.SelectMany(t => t));

    private sealed record Unconfirmed(IActorRef Subscriber, string Topic, DateTime Deadline);

    private sealed class CheckTopics
    {
        public static readonly CheckTopics Instance = new();
    }
}
