namespace Gateway.Devices.Actors;

/// <summary>The Akka side of commands: the write of an acceptance, attempt timers, and who hears of a settlement.</summary>
public sealed partial class DeviceActor
{
    private void Handle(SubmitCommand submit)
    {
        var step = _state.Decide(submit, Now);
        if (step.Answer is { } answer)
            Sender.Tell(answer);
        else if (step.JoinsCommandId is { } inFlight)
            _accepting[inFlight].Add(Sender);
        else
        {
            _accepting[step.Accepted!.CommandId] = [Sender];
            // The acceptance and the first attempt are one atomic write; the caller hears of the
            // command, and the device receives it, only once that write has returned.
            PersistAllAsync(new IDeviceJournalEntry[] { step.Accepted, step.FirstAttempt! }, Written);
        }
    }

    private void OnAccepted(string commandId)
    {
        _state.TryGetCommand(commandId, out var command);
        _accepting.Remove(commandId, out var senders);
        var view = _state.ViewOf(command);
        foreach (var sender in senders!)
            sender.Tell(new CommandSubmitted(_state.EntityId, view));
        if (_state.PendingCommandCount == 1)
            _shared.PendingRegistry.Tell(new DeviceHasPendingCommands(_state.EntityId));
        PublishLifecycle(command);
    }

    /// <summary>An attempt is journaled: publish the command (unless an answer settled it meanwhile) and start its window.</summary>
    private void OnAttemptJournaled(CommandAttemptSent attempt)
    {
        if (!_state.TryGetCommand(attempt.CommandId, out var command) || _state.AttemptPublication(command) is not { } publication)
            return;
        Publish(publication);
        PublishLifecycle(command);
        PublishState();
        Timers.StartSingleTimer(command.CommandId, new AckTimeout(command.CommandId, attempt.Attempt), command.AckTimeout);
    }

    private void Handle(AckTimeout timeout)
    {
        var step = _state.DecideTimeout(timeout.CommandId, timeout.Attempt, Now);
        if (step.RetryAfter is { } pause)
        {
            PublishLifecycle(step.Lifecycle!);
            Timers.StartSingleTimer(timeout.CommandId, new RetryDue(timeout.CommandId), pause);
        }
        else if (step.TimedOut is { } timedOut)
        {
            PersistAsync(timedOut, e =>
            {
                Written(e);
                PublishState();
            });
        }
    }

    /// <summary>A command settled (answered or timed out): its timer, its retained publication and its waiters are done with.</summary>
    private void OnSettled(string commandId)
    {
        if (!_state.TryGetCommand(commandId, out var command))
            return;
        Timers.Cancel(commandId);
        if (_state.ClearRetained(command) is { } clear)
            Publish(clear);
        var view = PublishLifecycle(command);
        if (_waiters.Remove(commandId, out var waiters))
            foreach (var waiter in waiters)
                waiter.Tell(view);
        if (_state.PendingCommandCount == 0)
            _shared.PendingRegistry.Tell(new DeviceCommandsSettled(_state.EntityId));
    }

    private void Handle(AwaitCommandSettled query, IActorRef sender)
    {
        if (_state.SettledCommand(query.CommandId) is { } answer)
            sender.Tell(answer);
        else if (_waiters.TryGetValue(query.CommandId, out var waiters))
            waiters.Add(sender);
        else
            _waiters[query.CommandId] = [sender];
    }
}
