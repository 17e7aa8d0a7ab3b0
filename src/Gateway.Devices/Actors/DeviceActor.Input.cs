namespace Gateway.Devices.Actors;

/// <summary>Device input: what each payload becomes (a report, an event, an extension step, a rejection).</summary>
public sealed partial class DeviceActor
{
    private void Handle(DeviceInput input)
    {
        var plan = _profile.Interpret(_key, input.Channel, input.Section, input.Payload);
        var raw = new RawJson(input.Payload); // wraps the payload's own array: no copy
        switch (plan.Action)
        {
            case InputAction.Reject:
                Reject(input, plan.Reason!);
                break;
            case InputAction.Report when _telemetry.Coalesce:
                Coalesce(input.Payload, input.ReceivedAt, plan.Section);
                break;
            case InputAction.Report:
                PersistWithoutWaiting(new ReportedMerged(input.Channel, raw, input.ReceivedAt, plan.Section));
                break;
            case InputAction.Transcript:
                PersistWithoutWaiting(new TranscriptRecorded(raw, input.ReceivedAt));
                break;
            case InputAction.Event:
                HandleEvent(input, raw, plan.EventName!, plan.Ack);
                break;
            case InputAction.Extension:
                HandleExtension(input);
                break;
        }
    }

    /// <summary>
    /// Coalesced telemetry: the shadow changes and is published now; the fields it changed are
    /// journaled together when the window closes (or when the actor stops or passivates).
    /// </summary>
    private void Coalesce(ReadOnlySpan<byte> payload, DateTimeOffset at, string? section)
    {
        var changed = section is null
            ? _reported.Merge(payload, at, _pendingFields)
            : _reported.Set(section, payload, at);
        if (section is not null && changed)
            _pendingFields.Add(section);
        if (changed)
            _version++;
        _exists = true;
        _online = true;
        Seen(at);
        if (_pendingFields.Count > 0 && !Timers.IsTimerActive(nameof(FlushTelemetry)))
            Timers.StartSingleTimer(nameof(FlushTelemetry), FlushTelemetry.Instance, _telemetry.Window);
        PublishState();
    }

    private void Flush()
    {
        if (_pendingFields.Count == 0)
            return;
        Timers.Cancel(nameof(FlushTelemetry));
        var fields = _reported.Snapshot(_pendingFields, Now);
        _pendingFields.Clear();
        _asyncWritesInFlight++;
        PersistAsync(new ReportedMerged(Coalesced, RawJson.EmptyObject, fields.Max(f => f.UpdatedAt), Version: _version, Fields: fields), _ =>
        {
            _asyncWritesInFlight--;
            Journaled();
        });
    }

    private const string Coalesced = "coalesced";

    /// <summary>High-rate input: the state changes and is published now; the journal write follows.</summary>
    private void PersistWithoutWaiting(object evt)
    {
        Apply(evt);
        _online = true;
        _asyncWritesInFlight++;
        PersistAsync(evt, _ =>
        {
            _asyncWritesInFlight--;
            Journaled();
        });
        PublishState();
    }

    /// <summary>
    /// Device events are journaled before anything is published about them. An event that answers
    /// a command settles it (or, once settled, is recorded once against it as a late answer).
    /// </summary>
    private void HandleEvent(DeviceInput input, RawJson raw, string name, CommandAcknowledgement? ack)
    {
        var events = new List<IDeviceJournalEntry>(2);
        TrackedCommand? command = null;
        if (ack is { } answer)
        {
            command = _commands.FindFor(answer);
            if (command is not null && _answering.Contains(command.CommandId))
            {
                // An answer for this command is being journaled; this one is its redelivery.
                _log.Debug("Device {0} repeated {1} for command {2} while its answer is being journaled", _entityId, name, command.CommandId);
                _online = true;
                Seen(input.ReceivedAt);
                return;
            }
            if (command is null)
                _log.Info("Device {0} sent {1} that matches no command (command_id {2}, correlation {3})", _entityId, name, answer.CommandId, answer.CorrelationId);
            else if (!command.IsSettled)
                events.Add(new CommandAcknowledged(command.CommandId, input.ReceivedAt, answer.Success, answer.Error, answer.Response));
            else if (command.LateAcknowledgedAt is null)
                events.Add(new LateAcknowledgementRecorded(command.CommandId, input.ReceivedAt, answer.Success, answer.Error, answer.Response));
            else
            {
                // Already recorded once; a redelivery changes nothing.
                _log.Debug("Device {0} repeated {1} for settled command {2}", _entityId, name, command.CommandId);
                _online = true;
                Seen(input.ReceivedAt);
                return;
            }
        }
        events.Insert(0, new DeviceEventRecorded(name, raw, input.ReceivedAt));
        if (events.Count > 1)
            _answering.Add(command!.CommandId);
        _online = true;
        Seen(input.ReceivedAt);
        PersistAllAsync(events, e =>
        {
            Apply(e);
            Journaled();
            switch (e)
            {
                case DeviceEventRecorded recorded:
                    Publish(new MqttPublish(_eventsTopic, EventPayload(recorded), Retain: false, AtLeastOnce: true));
                    break;
                case CommandAcknowledged when command is not null:
                    _answering.Remove(command.CommandId);
                    OnSettled(command, publishState: false); // the deferred publication below covers it
                    break;
                case LateAcknowledgementRecorded when command is not null:
                    _answering.Remove(command.CommandId);
                    PublishLifecycle(command);
                    break;
            }
        });
        DeferAsync(events, _ => PublishState());
    }

    private static byte[] EventPayload(DeviceEventRecorded e) =>
        JsonSerializer.SerializeToUtf8Bytes(new DeviceEventView(e.Event, e.At, e.Payload), GatewayJsonContext.Default.DeviceEventView);

    private void HandleExtension(DeviceInput input)
    {
        if (_extension is null)
        {
            Reject(input, $"{_key.Kind} has no handler for {input.Channel}");
            return;
        }
        var step = _extension.Handle(input.Channel, input.Section, input.Payload, input.ReceivedAt);
        RunExtensionStep(step, input, reply: null);
    }

    /// <summary>
    /// Carries out an extension's decision: replies at once, a rejection through the one way to
    /// reject, journal entries either before anything is said (durable) or without waiting.
    /// </summary>
    private void RunExtensionStep(ExtensionStep step, DeviceInput? input, Action? reply)
    {
        foreach (var publish in step.Publish)
            Publish(publish);
        if (step.RejectReason is { } reason)
        {
            if (input is not null)
                Reject(input, reason);
            return;
        }
        if (input is not null)
        {
            _online = true;
            Seen(input.ReceivedAt);
        }
        if (step.Persist.Count == 0)
        {
            reply?.Invoke();
            return;
        }
        if (!step.WaitForJournal)
        {
            foreach (var entry in step.Persist)
                PersistWithoutWaiting(entry);
            reply?.Invoke();
            return;
        }
        PersistAll(step.Persist, e =>
        {
            Apply(e);
            Journaled();
        });
        DeferAsync(step, _ =>
        {
            reply?.Invoke();
            PublishState();
        });
    }

    private void Reject(DeviceInput input, string reason)
    {
        _log.Warning("Rejected {0} message for {1} on {2}: {3}", input.Channel, _entityId, input.Topic, reason);
        Bounded(_recentRejections, new RejectionView(reason, input.Topic, input.ReceivedAt), _settings.RecentRejections);
        Publish(Rejections.Report(_key.Kind, _entityId, input.Topic, reason, input.ReceivedAt));
    }
}
