namespace Gateway.Devices.Actors;

/// <summary>
/// Retention's part in the device: on <see cref="ApplyRetention"/> it prunes its recent views,
/// journals a <see cref="RetentionMarked"/> and snapshots, and answers once that snapshot is
/// saved. Recovery then starts from that snapshot, so the rows below it that retention deletes
/// (src/Gateway.Host/History/RetentionSweeper.cs) are never needed again.
/// </summary>
public sealed partial class DeviceActor
{
    // Who waits for a snapshot at or after a marker's sequence number.
    private readonly List<(long MarkedAt, IActorRef ReplyTo)> _retentionWaiters = [];

    private void HandleApplyRetention()
    {
        if (_state.Prune(Now))
            PublishState();
        if (!_state.Exists)
        {
            // Nothing journaled, nothing to delete; and no reason to keep an empty actor.
            Sender.Tell(new RetentionReady(_state.EntityId, 0));
            RequestPassivation();
            return;
        }
        var sender = Sender;
        // Persist, not PersistAsync: messages wait meanwhile, so when the marker is written every
        // earlier write has returned too (no write behind in flight) and the snapshot cannot run
        // ahead of the journal. This happens once per sweep for a device with expired rows.
        Persist(new RetentionMarked(Now), marked =>
        {
            _state.Apply(marked, live: true);
            _retentionWaiters.Add((LastSequenceNr, sender));
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state.ToSnapshot());
        });
    }

    private void SnapshotSaved(long sequenceNr)
    {
        // A loop, not RemoveAll with a lambda: its closure would be allocated on every snapshot.
        for (var i = _retentionWaiters.Count - 1; i >= 0; i--)
        {
            if (_retentionWaiters[i].MarkedAt > sequenceNr)
                continue;
            _retentionWaiters[i].ReplyTo.Tell(new RetentionReady(_state.EntityId, sequenceNr));
            _retentionWaiters.RemoveAt(i);
        }
    }
}
