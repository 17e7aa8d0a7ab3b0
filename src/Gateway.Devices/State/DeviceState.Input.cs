namespace Gateway.Devices.State;

/// <summary>Device messages: what each payload becomes (a report, an event, a family state step, a rejection).</summary>
public sealed partial class DeviceState
{
    private static readonly object[] NothingToJournal = [];

    public InputStep Decide(DeviceInput input)
    {
        if (_payloadLimit.Excess(input.Payload.Length) is { } excess)
            return RefuseTooLarge(input, excess);
        var plan = _profile.Interpret(Key, input.Channel, input.Section, input.Payload);
        var raw = new RawJson(input.Payload); // wraps the payload's own array: no copy
        return plan.Action switch
        {
            InputAction.Reject => Reject(input, plan.Reason!),
            InputAction.Report when Telemetry.Coalesce => Coalesce(input.Payload, input.ReceivedAt, plan.Section),
            InputAction.Report => WriteBehind([new ReportedMerged(input.Channel, raw, input.ReceivedAt, plan.Section)], NothingToPublish),
            InputAction.Transcript => WriteBehind([new TranscriptRecorded(raw, input.ReceivedAt)], NothingToPublish),
            InputAction.Event => DecideEvent(input, raw, plan.EventName!, plan.Ack),
            _ => DecideFamilyState(input),
        };
    }

    /// <summary>
    /// Coalesced telemetry: the shadow changes now; the fields it changed are journaled together
    /// when the window closes (<see cref="TakeCoalesced"/>). The first change of a window starts it.
    /// </summary>
    private InputStep Coalesce(ReadOnlySpan<byte> payload, DateTimeOffset at, string? section)
    {
        var changed = section is null
            ? _reported.Merge(payload, at, _pendingFields)
            : _reported.Set(section, payload, at);
        if (section is not null && changed)
            _pendingFields.Add(section);
        if (changed)
            _version++;
        _exists = true;
        Heard(at);
        return new InputStep(InputOutcome.Coalesced, NothingToPublish, NothingToJournal, StartsWindow: _pendingFields.Count > 0);
    }

    /// <summary>The window's one journal entry: the fields it changed with their update times, and the version they reached.</summary>
    public ReportedMerged? TakeCoalesced(DateTimeOffset now)
    {
        if (_pendingFields.Count == 0)
            return null;
        var fields = _reported.Snapshot(_pendingFields, now);
        _pendingFields.Clear();
        return new ReportedMerged(Coalesced, RawJson.EmptyObject, fields.Max(f => f.UpdatedAt), Version: _version, Fields: fields);
    }

    private const string Coalesced = "coalesced";

    /// <summary>High-rate input: the state changes now and the journal write follows.</summary>
    private InputStep WriteBehind(IReadOnlyList<object> entries, IReadOnlyList<MqttPublish> publish)
    {
        var all = ApplyNow(entries, publish);
        _online = true;
        return new InputStep(InputOutcome.WrittenBehind, all, entries);
    }

    /// <summary>Applies entries whose write follows; returns <paramref name="publish"/> with what applying them publishes.</summary>
    private IReadOnlyList<MqttPublish> ApplyNow(IReadOnlyList<object> entries, IReadOnlyList<MqttPublish> publish)
    {
        List<MqttPublish>? all = null;
        // Indexed rather than foreach: enumerating through the interface allocates an enumerator per message.
        for (var i = 0; i < entries.Count; i++)
        {
            var published = Apply(entries[i], live: true);
            if (published.Count > 0)
                (all ??= [.. publish]).AddRange(published);
        }
        return all ?? publish;
    }

    /// <summary>
    /// Device events are journaled before anything is published about them. An event that answers
    /// a command settles it (or, once settled, is recorded once against it as a late answer).
    /// </summary>
    private InputStep DecideEvent(DeviceInput input, RawJson raw, string name, CommandAcknowledgement? ack)
    {
        var recorded = new DeviceEventRecorded(name, raw, input.ReceivedAt);
        object? answer = null;
        if (ack is { } a)
        {
            var command = _commands.FindFor(a);
            if (command is not null && _answering.Contains(command.CommandId))
            {
                _log.Debug("Device {0} repeated {1} for command {2} while its answer is being journaled", EntityId, name, command.CommandId);
                return Repeated(input);
            }
            if (command is null)
                _log.Info("Device {0} sent {1} that matches no command (command_id {2}, correlation {3})", EntityId, name, a.CommandId, a.CorrelationId);
            else if (!command.IsSettled)
                answer = new CommandAcknowledged(command.CommandId, input.ReceivedAt, a.Success, a.Error, a.Response);
            else if (command.LateAcknowledgedAt is null)
                answer = new LateAcknowledgementRecorded(command.CommandId, input.ReceivedAt, a.Success, a.Error, a.Response);
            else
            {
                _log.Debug("Device {0} repeated {1} for settled command {2}", EntityId, name, command.CommandId);
                return Repeated(input);
            }
            if (answer is not null)
                _answering.Add(command!.CommandId);
        }
        Heard(input.ReceivedAt);
        return new InputStep(InputOutcome.JournalFirst, NothingToPublish, answer is null ? [recorded] : [recorded, answer]);
    }

    private InputStep Repeated(DeviceInput input)
    {
        Heard(input.ReceivedAt);
        return new InputStep(InputOutcome.Repeated, NothingToPublish, NothingToJournal);
    }

    /// <summary>
    /// A payload over the family's limit, refused before the family reads it; where the family
    /// state answers on the channel in its own protocol (AWS shadows), with that answer too.
    /// </summary>
    private InputStep RefuseTooLarge(DeviceInput input, string excess) =>
        _familyState?.RefuseTooLarge(input.Channel, input.Section, input.Payload, input.ReceivedAt) is { RejectReason: { } own } step
            ? Reject(input, $"{own}: {excess}", step.Publish)
            : Reject(input, $"{PayloadLimit.TooLarge}: {excess}");

    private InputStep DecideFamilyState(DeviceInput input)
    {
        if (_familyState is null)
            return Reject(input, $"{Key.Kind} has no handler for {input.Channel}");
        var step = _familyState.Handle(input.Channel, input.Section, input.Payload, input.ReceivedAt);
        if (step.RejectReason is { } reason)
            return Reject(input, reason, step.Publish);
        Heard(input.ReceivedAt);
        if (step.Persist.Count == 0)
            return new InputStep(InputOutcome.Replied, step.Publish, NothingToJournal);
        return step.WaitForJournal
            ? new InputStep(InputOutcome.JournalInOrder, step.Publish, step.Persist)
            : WriteBehind(step.Persist, step.Publish);
    }

    private InputStep Reject(DeviceInput input, string reason) =>
        new(InputOutcome.Rejected, [Rejection(input.Channel, input.Topic, reason, input.ReceivedAt)], NothingToJournal);

    /// <summary>A refusal the family's protocol answers too (<paramref name="reply"/>, published first).</summary>
    private InputStep Reject(DeviceInput input, string reason, IReadOnlyList<MqttPublish> reply) =>
        new(InputOutcome.Rejected, [.. reply, Rejection(input.Channel, input.Topic, reason, input.ReceivedAt)], NothingToJournal);

    /// <summary>The one way a device message is refused: logged, kept in the view, published on the family's rejection topic.</summary>
    private MqttPublish Rejection(string channel, string topic, string reason, DateTimeOffset at)
    {
        _log.Warning("Rejected {0} message for {1} on {2}: {3}", channel, EntityId, topic, reason);
        Bounded(_recentRejections, new RejectionView(reason, topic, at), _settings.RecentRejections);
        return Rejections.Report(Key.Kind, EntityId, topic, reason, at);
    }
}
