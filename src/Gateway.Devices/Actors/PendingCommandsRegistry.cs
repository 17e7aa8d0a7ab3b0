using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Gateway.Contracts.Events;
using Gateway.Contracts.Messages;

namespace Gateway.Devices.Actors;

/// <summary>
/// A cluster singleton that remembers which devices have commands in flight. Device actors
/// passivate when idle and sharding does not remember entities, so after a restart this is what
/// wakes the devices whose acknowledgement timers and retries must go on.
/// </summary>
public sealed class PendingCommandsRegistry : ReceivePersistentActor
{
    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public PendingCommandsRegistry(IActorRef deviceRegion)
    {
        Recover<DeviceHasPendingCommands>(e => _devices.Add(e.EntityId));
        Recover<DeviceCommandsSettled>(e => _devices.Remove(e.EntityId));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_devices.Count > 0)
                _log.Info("Waking {0} devices with commands in flight", _devices.Count);
            foreach (var entityId in _devices)
                deviceRegion.Tell(new WakeDevice(entityId));
        });

        Command<DeviceHasPendingCommands>(e =>
        {
            if (!_devices.Contains(e.EntityId))
                Persist(e, x => _devices.Add(x.EntityId));
        });
        Command<DeviceCommandsSettled>(e =>
        {
            if (_devices.Contains(e.EntityId))
                Persist(e, x => _devices.Remove(x.EntityId));
        });
    }

    public override string PersistenceId => "pending-commands-registry";
}
