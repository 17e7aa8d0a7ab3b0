namespace Gateway.Devices.Actors;

/// <summary>
/// Where the state's publications go: MQTT (the retained state at most once per interval,
/// lifecycles, events), and pub-sub as well while someone watches the device or its family.
/// </summary>
public sealed partial class DeviceActor
{
    private bool _stateDirty;
    private bool _stateThrottled;

    /// <summary>Publishes the retained device view, at most once per configured interval.</summary>
    private void PublishState()
    {
        if (_stateThrottled)
        {
            _stateDirty = true;
            return;
        }
        Publish(_state.StatePublication());
        if (Watched(WatchScope.State))
            PublishChange(WatchScope.State, new DeviceChanged(_state.EntityId, _state.BuildView()));
        if (_settings.StatePublishInterval > TimeSpan.Zero)
        {
            _stateThrottled = true;
            Timers.StartSingleTimer(nameof(PublishStateDue), PublishStateDue.Instance, _settings.StatePublishInterval);
        }
    }

    private void OnPublishStateDue()
    {
        _stateThrottled = false;
        if (!_stateDirty)
            return;
        _stateDirty = false;
        PublishState();
    }

    private CommandView PublishLifecycle(TrackedCommand command)
    {
        var view = _state.ViewOf(command);
        Publish(_state.LifecyclePublication(view));
        if (Watched(WatchScope.Commands))
            PublishChange(WatchScope.Commands, new CommandChanged(_state.EntityId, view));
        return view;
    }

    /// <summary>Whether someone watches this device's changes of <paramref name="scope"/>: only then is the change built.</summary>
    private bool Watched(WatchScope scope) => _shared.Watchers is { } watchers && watchers.Watch(_state.EntityId, _state.Key.Kind, scope);

    private void PublishChange(WatchScope scope, IDeviceChange change) => _shared.Watchers!.Publish(_state.EntityId, _state.Key.Kind, scope, change);

    private void Publish(MqttPublish message) => _shared.MqttOut.Tell(message);
}
