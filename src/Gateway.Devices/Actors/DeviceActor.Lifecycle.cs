namespace Gateway.Devices.Actors;

/// <summary>Connectivity ticks, the telemetry window's write, snapshots, passivation and stopping.</summary>
public sealed partial class DeviceActor
{
    private void Tick()
    {
        PassivateIfIdle();
        // Both run: the connectivity check and retention's pruning of the recent views.
        if (_state.Tick(Now) | _state.Prune(Now))
            PublishState();
    }

    private void Flush()
    {
        Timers.Cancel(nameof(FlushTelemetry));
        if (_state.TakeCoalesced(Now) is { } window)
            WriteBehind(window);
    }

    /// <summary>
    /// Journals the open telemetry window, then stops once it is written. Messages behind
    /// StopDevice in the mailbox (a hand-off or a passivation does not hold back what was already
    /// sent to the device) are applied while that write is under way, so what they changed is
    /// flushed in turn before the actor stops; otherwise it would be in the shadow and lost.
    /// </summary>
    private void FlushAndStop()
    {
        Flush();
        DeferAsync(StopDevice.Instance, _ =>
        {
            if (_state.HasUnflushedTelemetry)
                FlushAndStop();
            else
                Context.Stop(Self);
        });
    }

    /// <summary>A write that failed stops the actor without its handler: the node's count of writes behind must not keep it.</summary>
    protected override void PostStop()
    {
        _backlog.WritesDone(_writesBehind);
        base.PostStop();
    }

    /// <summary>Counts journal writes and snapshots once no write behind is still in flight, so a snapshot never runs ahead of the journal.</summary>
    private void Journaled()
    {
        if (++_eventsSinceSnapshot < _settings.SnapshotEvery || _writesBehind > 0)
            return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot());
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
        if (_passivating || _state.PendingCommandCount > 0)
            return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(StopDevice.Instance));
    }
}
