namespace Gateway.Devices.Actors;

/// <summary>The Akka side of commands: the write of an acceptance, attempt timers, and who hears of a settlement.</summary>
public sealed partial class DeviceActor
{
    private void Handle(SubmitCommand submit) => Carry(_state.Decide(submit, Now), inOrder: false);

    /// <summary>
    /// A command a backend published itself. Its write holds this actor's later messages back:
    /// on an external broker the device received the publication as the gateway did, and its
    /// answer, which may follow within milliseconds, must find the command tracked.
    /// </summary>
    private void Handle(PublishedCommand published)
    {
        var step = _state.Decide(published);
        if (step.Rejection is { } rejection)
            Publish(rejection);
        Carry(step, inOrder: true);
    }

    private void Carry(SubmitStep step, bool inOrder)
    {
        if (step.Answer is { } answer)
            Sender.Tell(answer);
        else if (step.JoinsCommandId is { } inFlight)
            _accepting[inFlight].Add(Sender);
        else
        {
            _accepting[step.Accepted!.CommandId] = [Sender];
            // The acceptance and the first attempt are one atomic write; the caller hears of the
            // command, and the device receives it, only once that write has returned.
            object[] entries = ForJournal([step.Accepted, step.FirstAttempt!]);
            if (inOrder)
                PersistAll(entries, Written);
            else
                PersistAllAsync(entries, Written);
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

    /// <summary>
    /// An attempt is journaled: publish the command (unless it is the first of one a backend
    /// published, which that publication was) and start its window, unless an answer settled it meanwhile.
    /// </summary>
    private void OnAttemptJournaled(CommandAttemptSent attempt)
    {
        if (!_state.TryGetCommand(attempt.CommandId, out var command) || command.IsSettled)
            return;
        if (_state.AttemptPublication(command) is { } publication)
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
            PersistAsync(ForJournal(timedOut), e =>
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
