using Gateway.Protocols.Validation;

namespace Gateway.Devices.State;

/// <summary>Commands: acceptance, attempts, acknowledgement windows, retries and what settles them.</summary>
public sealed partial class DeviceState
{
    public SubmitStep Decide(SubmitCommand submit, DateTimeOffset now) => DecideCommand(submit.Command.Span, now, publishedBy: null);

    /// <summary>
    /// A command a backend published on the device's command topic: decided as a submitted one,
    /// its publication being the first attempt. A refusal is also told the one way a device
    /// message's is (logged, kept in the view, published on the family's rejection topic), since
    /// no HTTP caller hears the answer.
    /// </summary>
    public SubmitStep Decide(PublishedCommand published)
    {
        var step = DecideCommand(published.Payload, published.ReceivedAt, published.PublishedBy);
        return step.Answer is CommandInvalid invalid
            ? step with { Rejection = Rejection(DeviceChannel.Command, published.Topic, invalid.Describe(), published.ReceivedAt) }
            : step;
    }

    private SubmitStep DecideCommand(ReadOnlySpan<byte> command, DateTimeOffset now, string? publishedBy)
    {
        if (_commandProtocol is null)
            return SubmitStep.AnswerNow(new CommandInvalid(EntityId, [new FieldError("command", $"{Key.Kind} devices take no commands")]));
        // A command goes out as a device message, so it is held to the same limit, whoever sends it.
        if (_payloadLimit.Excess(command.Length) is { } excess)
            return SubmitStep.AnswerNow(new CommandInvalid(EntityId, [new FieldError(FieldMessages.Payload, $"{PayloadLimit.TooLarge}: {excess}")]));
        var validation = _commandProtocol.ValidateCommand(Key, command);
        if (!validation.IsValid)
            return SubmitStep.AnswerNow(new CommandInvalid(EntityId, validation.Errors));
        if (validation.RequestedId is { } inFlight && _accepting.Contains(inFlight))
            return SubmitStep.Join(inFlight); // the same command, resubmitted before its acceptance was journaled
        if (validation.RequestedId is { } requested && _commands.TryGet(requested, out var existing))
        {
            // The same command sent again (a client retrying its request) is the command already tracked.
            return SubmitStep.AnswerNow(existing.Command == validation.Command
                ? new CommandSubmitted(EntityId, existing.ToView(_names))
                : new CommandInvalid(EntityId, [new FieldError("command_id", $"'{requested}' is already used by a {existing.Command} command")]));
        }
        var commandId = validation.RequestedId ?? Guid.CreateVersion7(now).ToString("N");
        var payload = _commandProtocol.BuildCommandPayload(Key, command, commandId, now);
        var ackTimeoutMs = validation.AckTimeoutMs ?? (int)_commandSettings.AckTimeout.TotalMilliseconds;
        _accepting.Add(commandId);
        return SubmitStep.Accept(
            new CommandAccepted(commandId, validation.Command!, validation.CorrelationId, new RawJson(payload), ackTimeoutMs, _commandSettings.MaxAttempts, now, publishedBy),
            new CommandAttemptSent(commandId, 1, now));
    }

    /// <summary>The next attempt of a pending command, to journal before it is published.</summary>
    public CommandAttemptSent NextAttempt(TrackedCommand command, DateTimeOffset now) => new(command.CommandId, command.AttemptCount + 1, now);

    public TimeoutStep DecideTimeout(string commandId, int attempt, DateTimeOffset now)
    {
        if (!_commands.TryGet(commandId, out var command) || command.IsSettled || command.AttemptCount != attempt
            || _answering.Contains(commandId))
            return TimeoutStep.Nothing;
        if (attempt < command.MaxAttempts)
        {
            _log.Info("Command {0} to {1} was not acknowledged within {2} ms (attempt {3} of {4}); retrying",
                commandId, EntityId, command.AckTimeout.TotalMilliseconds, attempt, command.MaxAttempts);
            command.AwaitRetry();
            return new TimeoutStep(_commandSettings.BackoffBefore(attempt + 1), command, null);
        }
        _log.Warning("Command {0} to {1} timed out after {2} attempts", commandId, EntityId, command.AttemptCount);
        _answering.Add(commandId);
        return new TimeoutStep(null, null, new CommandTimedOut(commandId, now));
    }

    /// <summary>A retry is due: the attempt to journal, unless the command settled or is being settled meanwhile.</summary>
    public CommandAttemptSent? DecideRetry(string commandId, DateTimeOffset now) =>
        _commands.TryGet(commandId, out var command) && !command.IsSettled && !_answering.Contains(commandId)
            ? NextAttempt(command, now)
            : null;

    /// <summary>
    /// A journaled attempt goes to the device (unless an answer settled the command meanwhile, or
    /// it is the first of a command a backend published, which its publication was), retained
    /// where the family keeps commands for devices that reconnect.
    /// </summary>
    public MqttPublish? AttemptPublication(TrackedCommand command) =>
        command.IsSettled || (command.PublishedBy is not null && command.AttemptCount == 1) ? null
        : _commandSettings.Retain
            ? Retained(command, _commandSettings.RetainExpiry)
            : new MqttPublish(_commandTopic, command.Payload.Utf8, Retain: false, AtLeastOnce: true);

    private MqttPublish Retained(TrackedCommand command, TimeSpan expiry) =>
        new(_commandTopic, command.Payload.Utf8, Retain: true, AtLeastOnce: true, (uint)expiry.TotalSeconds);

    /// <summary>
    /// After a restart, the command that was retained, if it still waits: retained again with what
    /// is left of its expiry, because the embedded broker keeps retained messages in memory only (an
    /// external broker may still have it, and then it is replaced by the same message). A device that
    /// connects right after the restart finds it, as the family's retention promises, instead of
    /// waiting for the command's next attempt.
    /// </summary>
    public MqttPublish? RetainedAgain(DateTimeOffset now)
    {
        if (!_commandSettings.Retain || _retainedCommandId is not { } id || !_commands.TryGet(id, out var command)
            || command.IsSettled || command.LastSentAt is not { } sentAt)
            return null;
        var left = _commandSettings.RetainExpiry - (now - sentAt);
        return left < TimeSpan.FromSeconds(1) ? null : Retained(command, left);
    }

    /// <summary>A settled command's retained publication is cleared, if it is the one retained.</summary>
    public MqttPublish? ClearRetained(TrackedCommand command)
    {
        if (_retainedCommandId != command.CommandId)
            return null;
        _retainedCommandId = null;
        return MqttPublish.ClearRetained(_commandTopic);
    }

    /// <summary>Where each pending command goes on after recovery: sent now if never sent, else its window's remaining time (zero when due).</summary>
    public IReadOnlyList<(TrackedCommand Command, TimeSpan? WindowLeft)> Resume(DateTimeOffset now) =>
        _commands.Pending
            .Select(c => (c, c.AttemptCount == 0 ? (TimeSpan?)null : Max(TimeSpan.Zero, c.LastSentAt!.Value + c.AckTimeout - now)))
            .ToList();

    public CommandList Commands() => new(EntityId, _commands.NewestFirst.Select(c => c.ToView(_names)).ToArray());

    public object CommandStatus(string commandId) =>
        _commands.TryGet(commandId, out var c) ? c.ToView(_names) : new CommandNotFound(EntityId, commandId);

    /// <summary>The settled command's view, or not found; null while the command is pending.</summary>
    public object? SettledCommand(string commandId) =>
        !_commands.TryGet(commandId, out var c) ? new CommandNotFound(EntityId, commandId)
        : c.IsSettled ? c.ToView(_names)
        : null;

    public CommandView ViewOf(TrackedCommand command) => command.ToView(_names);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
