namespace Gateway.Devices.Actors;

/// <summary>Connectivity, snapshots and passivation.</summary>
public sealed partial class DeviceActor
{
    private void Tick()
    {
        PassivateIfIdle();
        var changed = _extension?.Tick(Now) ?? false;
        if (_online && _lastSeen is { } seen && Now - seen >= _settings.OfflineAfter)
        {
            _online = false;
            changed = true;
            _log.Info("Device {0} is offline: nothing heard since {1:O}", _entityId, seen);
        }
        if (changed)
            PublishState();
    }

    /// <summary>Counts journal writes and snapshots once no telemetry write is still in flight, so a snapshot never runs ahead of the journal.</summary>
    private void Journaled()
    {
        if (++_eventsSinceSnapshot < _settings.SnapshotEvery || _asyncWritesInFlight > 0)
            return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(Snapshot());
    }

    /// <summary>Checked on each connectivity tick, so a device passivates within one tick interval of passivate-after.</summary>
    private void PassivateIfIdle()
    {
        // A device someone waits on (a command's settled answer) stays: the waiters live in this actor.
        if (Environment.TickCount64 - _lastActivity >= (long)_settings.PassivateAfter.TotalMilliseconds && _waiters.Count == 0)
            RequestPassivation();
    }

    /// <summary>Asks the shard to stop this device with StopDevice, once, unless commands are in flight (their timers live here).</summary>
    private void RequestPassivation()
    {
        if (_passivating || _commands.PendingCount > 0)
            return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(StopDevice.Instance));
    }
}
