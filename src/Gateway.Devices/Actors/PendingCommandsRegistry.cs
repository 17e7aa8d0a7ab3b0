using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using Gateway.Devices.Journal;
using Gateway.Contracts.Messages;

namespace Gateway.Devices.Actors;

/// <summary>
/// A cluster singleton that remembers which devices have commands in flight. Device actors
/// passivate when idle and sharding does not remember entities, so this is what starts the
/// devices whose acknowledgement timers and retries must go on: after a restart (it recovers),
/// after it moved to another node (it recovers there), and after a member left or was downed
/// (the devices of that member's shards are started again on the survivors).
/// </summary>
/// <remarks>
/// It snapshots every <c>snapshotEvery</c> events and then deletes the journal and snapshots up
/// to that one, so its journal stays as short as the set of devices it holds.
/// </remarks>
public sealed class PendingCommandsRegistry : ReceivePersistentActor, IWithTimers
{
    /// <summary>
    /// The shard coordinator frees a removed member's shards when it sees that member's region
    /// terminate, which is about when the removal is published; a wake sent before that could be
    /// routed to the dead region and lost, so waking waits this long.
    /// </summary>
    private static readonly TimeSpan WakeAfterRemoval = TimeSpan.FromSeconds(2);

    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);
    private readonly IActorRef _deviceRegion;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _eventsSinceSnapshot;

    public PendingCommandsRegistry(IActorRef deviceRegion, int snapshotEvery)
    {
        _deviceRegion = deviceRegion;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is PendingCommandsSnapshot snapshot)
                _devices.UnionWith(snapshot.EntityIds);
        });
        Recover<DeviceHasPendingCommands>(e => Apply(e));
        Recover<DeviceCommandsSettled>(e => Apply(e));
        Recover<RecoveryCompleted>(_ => WakeAll("the registry started"));

        Command<DeviceHasPendingCommands>(e =>
        {
            if (!_devices.Contains(e.EntityId))
                Persist(e, Apply);
        });
        Command<DeviceCommandsSettled>(e =>
        {
            if (_devices.Contains(e.EntityId))
                Persist(e, Apply);
        });
        Command<ClusterEvent.MemberRemoved>(removed => Timers.StartSingleTimer(WakeAfterRemovalTick.Key, new WakeAfterRemovalTick(removed.Member.Address), WakeAfterRemoval));
        Command<WakeAfterRemovalTick>(tick => WakeAll($"{tick.Member} left the cluster"));
        Command<ClusterEvent.CurrentClusterState>(_ => { });
        Command<SaveSnapshotSuccess>(saved =>
        {
            DeleteMessages(saved.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "Snapshot of the pending-commands registry failed; its journal is kept and read from the start"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning(failed.Cause, "Deleting the pending-commands registry's journal up to {0} failed", failed.ToSequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning(failed.Cause, "Deleting old snapshots of the pending-commands registry failed"));
    }

    public override string PersistenceId => "pending-commands-registry";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void Apply(DeviceHasPendingCommands e)
    {
        _devices.Add(e.EntityId);
        CountForSnapshot();
    }

    private void Apply(DeviceCommandsSettled e)
    {
        _devices.Remove(e.EntityId);
        CountForSnapshot();
    }

    private void CountForSnapshot()
    {
        if (++_eventsSinceSnapshot < _snapshotEvery || IsRecovering)
            return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(new PendingCommandsSnapshot(_devices.ToList()));
    }

    /// <summary>A device already running ignores the wake; one whose shard moved is started by it.</summary>
    private void WakeAll(string why)
    {
        if (_devices.Count > 0)
            _log.Info("Waking {0} devices with commands in flight: {1}", _devices.Count, why);
        foreach (var entityId in _devices)
            _deviceRegion.Tell(new WakeDevice(entityId));
    }

    private sealed record WakeAfterRemovalTick(Address Member)
    {
        /// <summary>The timer's key: removals close together are answered by one wake.</summary>
        public static readonly object Key = new();
    }
}
