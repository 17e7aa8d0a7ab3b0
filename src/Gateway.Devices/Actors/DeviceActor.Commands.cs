namespace Gateway.Devices.Actors;

/// <summary>Commands: acceptance, attempts, acknowledgement windows, retries and settlement.</summary>
public sealed partial class DeviceActor
{
    private void Handle(SubmitCommand submit)
    {
        if (!_profile.AcceptsCommands)
        {
            Sender.Tell(new CommandInvalid(_entityId, [new FieldError("command", $"{_key.Kind} devices take no commands")]));
            return;
        }
        var validation = _profile.ValidateCommand(_key, submit.Command.Span);
        if (!validation.IsValid)
        {
            Sender.Tell(new CommandInvalid(_entityId, validation.Errors));
            return;
        }
        if (validation.RequestedId is { } inFlight && _accepting.TryGetValue(inFlight, out var alsoWaiting))
        {
            alsoWaiting.Add(Sender); // the same command, resubmitted before its acceptance was journaled
            return;
        }
        if (validation.RequestedId is { } requested && _commands.TryGet(requested, out var existing))
        {
            // The same command sent again (a client retrying its request) is the command already tracked.
            Sender.Tell(existing.Command == validation.Command
                ? new CommandSubmitted(_entityId, existing.ToView(_names))
                : new CommandInvalid(_entityId, [new FieldError("command_id", $"'{requested}' is already used by a {existing.Command} command")]));
            return;
        }
        var now = Now;
        var commandId = validation.RequestedId ?? Guid.CreateVersion7(now).ToString("N");
        var payload = _profile.BuildCommandPayload(_key, submit.Command.Span, commandId, now);
        var ackTimeoutMs = validation.AckTimeoutMs ?? (int)_commandSettings.AckTimeout.TotalMilliseconds;
        var accepted = new CommandAccepted(commandId, validation.Command!, validation.CorrelationId, new RawJson(payload), ackTimeoutMs, _commandSettings.MaxAttempts, now);
        _accepting[commandId] = [Sender];
        // The acceptance and the first attempt are one atomic write; the caller hears of the
        // command, and the device receives it, only once that write has returned.
        var first = new CommandAttemptSent(commandId, 1, now);
        PersistAllAsync(new IDeviceJournalEntry[] { accepted, first }, e =>
        {
            Apply(e);
            Journaled();
            _commands.TryGet(commandId, out var command);
            if (e is CommandAccepted)
            {
                _accepting.Remove(commandId, out var senders);
                var view = command.ToView(_names);
                foreach (var sender in senders!)
                    sender.Tell(new CommandSubmitted(_entityId, view));
                if (_commands.PendingCount == 1)
                    _context.PendingRegistry.Tell(new DeviceHasPendingCommands(_entityId));
                PublishLifecycle(command);
                return;
            }
            OnAttemptJournaled(command, first.Attempt);
        });
    }

    private void SendAttempt(TrackedCommand command)
    {
        PersistAsync(new CommandAttemptSent(command.CommandId, command.AttemptCount + 1, Now), e =>
        {
            Apply(e);
            Journaled();
            OnAttemptJournaled(command, e.Attempt);
        });
    }

    /// <summary>An attempt is journaled: publish the command (unless an answer settled it meanwhile) and start its window.</summary>
    private void OnAttemptJournaled(TrackedCommand command, int attempt)
    {
        if (command.IsSettled)
            return;
        Publish(_commandSettings.Retain
            ? new MqttPublish(_commandTopic, command.Payload.Utf8, Retain: true, AtLeastOnce: true, (uint)_commandSettings.RetainExpiry.TotalSeconds)
            : new MqttPublish(_commandTopic, command.Payload.Utf8, Retain: false, AtLeastOnce: true));
        PublishLifecycle(command);
        PublishState();
        Timers.StartSingleTimer(command.CommandId, new AckTimeout(command.CommandId, attempt), command.AckTimeout);
    }

    private void Handle(AckTimeout timeout)
    {
        if (!_commands.TryGet(timeout.CommandId, out var command) || command.IsSettled || command.AttemptCount != timeout.Attempt
            || _answering.Contains(timeout.CommandId))
            return;
        if (timeout.Attempt < command.MaxAttempts)
        {
            _log.Info("Command {0} to {1} was not acknowledged within {2} ms (attempt {3} of {4}); retrying",
                command.CommandId, _entityId, command.AckTimeout.TotalMilliseconds, timeout.Attempt, command.MaxAttempts);
            command.AwaitRetry();
            PublishLifecycle(command);
            Timers.StartSingleTimer(command.CommandId, new RetryDue(command.CommandId), _commandSettings.BackoffBefore(timeout.Attempt + 1));
            return;
        }
        _log.Warning("Command {0} to {1} timed out after {2} attempts", command.CommandId, _entityId, command.AttemptCount);
        _answering.Add(command.CommandId);
        PersistAsync(new CommandTimedOut(command.CommandId, Now), e =>
        {
            _answering.Remove(command.CommandId);
            Apply(e);
            Journaled();
            OnSettled(command);
        });
    }

    private void Handle(RetryDue due)
    {
        if (_commands.TryGet(due.CommandId, out var command) && !command.IsSettled && !_answering.Contains(due.CommandId))
            SendAttempt(command);
    }

    private void OnSettled(TrackedCommand command, bool publishState = true)
    {
        Timers.Cancel(command.CommandId);
        if (_retainedCommandId == command.CommandId)
        {
            Publish(MqttPublish.ClearRetained(_commandTopic));
            _retainedCommandId = null;
        }
        PublishLifecycle(command);
        if (_waiters.Remove(command.CommandId, out var waiters))
        {
            var view = command.ToView(_names);
            foreach (var waiter in waiters)
                waiter.Tell(view);
        }
        if (_commands.PendingCount == 0)
            _context.PendingRegistry.Tell(new DeviceCommandsSettled(_entityId));
        if (publishState)
            PublishState();
    }

    private void Handle(AwaitCommandSettled query, IActorRef sender)
    {
        if (!_commands.TryGet(query.CommandId, out var command))
            sender.Tell(new CommandNotFound(_entityId, query.CommandId));
        else if (command.IsSettled)
            sender.Tell(command.ToView(_names));
        else if (_waiters.TryGetValue(query.CommandId, out var waiters))
            waiters.Add(sender);
        else
            _waiters[query.CommandId] = [sender];
    }
}
