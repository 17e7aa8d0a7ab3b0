using System.Buffers;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Gateway.Contracts;
using Gateway.Contracts.Events;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Commands;
using Gateway.Devices.Settings;
using Gateway.Devices.Shadow;
using Gateway.Protocols;
using Gateway.Protocols.Extensions;
using Gateway.Protocols.Outbound;

namespace Gateway.Devices.Actors;

/// <summary>
/// One device: its shadow, its connectivity, its recent events and its commands with their
/// acknowledgement timers and retries. Telemetry updates the shadow at once and is journaled
/// without waiting; commands and device events are journaled before anything is said about them.
/// </summary>
public sealed class DeviceActor : ReceivePersistentActor, IWithTimers
{
    private readonly string _entityId;
    private readonly DeviceKey _key;
    private readonly IDeviceProfile _profile;
    private readonly DeviceActorContext _context;
    private readonly DeviceSettings _settings;
    private readonly CommandSettings _commandSettings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _stateTopic;
    private readonly string _commandTopic;
    private readonly string _eventsTopic;
    private readonly CommandStatusNames _names;
    private readonly IDeviceExtension? _extension;

    private readonly ShadowDocument _reported = new();
    private readonly ShadowDocument _desired = new();
    private readonly CommandLog _commands;
    private readonly Queue<DeviceEventView> _recentEvents = new();
    private readonly Queue<RawJson> _recentTranscript = new();
    private readonly Queue<RejectionView> _recentRejections = new();
    private readonly Dictionary<string, List<IActorRef>> _waiters = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly ArrayBufferWriter<byte> _stateBuffer = new(4096);
    private readonly TelemetrySettings _telemetry;
    private readonly HashSet<string> _pendingFields = new(StringComparer.Ordinal);
    // Commands are journaled with PersistAsync so telemetry keeps flowing during their writes;
    // these remember what is in flight so nothing is decided twice before its write returns.
    private readonly Dictionary<string, List<IActorRef>> _accepting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answering = new(StringComparer.Ordinal);
    private readonly Utf8JsonWriter _stateWriter;

    private long _version;
    private DateTimeOffset? _lastSeen;
    private bool _online;
    private bool _exists;
    private string? _retainedCommandId;
    private int _eventsSinceSnapshot;
    private int _asyncWritesInFlight;
    private bool _stateDirty;
    private bool _stateThrottled;

    public DeviceActor(string entityId, DeviceActorContext context)
    {
        _entityId = entityId;
        _key = DeviceKey.Parse(entityId);
        _context = context;
        _profile = context.Profiles.Get(_key.Kind);
        _settings = context.Settings;
        _commandSettings = context.Commands[_key.Kind];
        _commands = new CommandLog(_settings.CommandHistory);
        _stateTopic = GatewayTopics.State(_key);
        _commandTopic = _profile.AcceptsCommands ? _profile.CommandTopic(_key) : "";
        _eventsTopic = GatewayTopics.Events(_key);
        _names = _profile.StatusNames;
        _stateWriter = new Utf8JsonWriter(_stateBuffer);
        _telemetry = context.Telemetry?.GetValueOrDefault(_key.Kind) ?? TelemetrySettings.EachMessage;
        _extension = _profile.CreateExtension(_key);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DeviceSnapshot snapshot)
                Restore(snapshot);
        });
        Recover<IGatewayMessage>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<DeviceInput>(Handle);
        Command<SubmitCommand>(Handle);
        // Queries are answered after the writes already under way, so an answer never predates
        // something this actor has already accepted (an acknowledgement, a command).
        Command<GetCommandStatus>(q => AfterWrites(q, (query, sender) =>
            sender.Tell(_commands.TryGet(query.CommandId, out var c) ? c.ToView(_names) : new CommandNotFound(_entityId, query.CommandId))));
        Command<AwaitCommandSettled>(q => AfterWrites(q, Handle));
        Command<GetDeviceView>(q => AfterWrites(q, (_, sender) => HandleGetView(sender)));
        Command<SetDesired>(Handle);
        Command<WakeDevice>(_ => { });
        Command<AckTimeout>(Handle);
        Command<RetryDue>(Handle);
        Command<ConnectivityTick>(_ => Tick());
        Command<FlushTelemetry>(_ => Flush());
        Command<StopDevice>(_ =>
        {
            Flush();
            DeferAsync(StopDevice.Instance, _ => Context.Stop(Self));
        });
        Command<PublishStateDue>(_ => OnPublishStateDue());
        Command<ReceiveTimeout>(_ => PassivateIfIdle());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery replays more events until the next one", _entityId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of {0} failed", _entityId));
    }

    private void AfterWrites<T>(T query, Action<T, IActorRef> answer)
    {
        var sender = Sender;
        DeferAsync(query, q => answer(q, sender));
    }

    public static Props Props(string entityId, DeviceActorContext context) =>
        Akka.Actor.Props.Create(() => new DeviceActor(entityId, context));

    public static string PersistenceIdFor(string entityId) => $"device-{entityId}";

    public override string PersistenceId => PersistenceIdFor(_entityId);

    public ITimerScheduler Timers { get; set; } = null!;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override void PreStart()
    {
        base.PreStart();
        Context.SetReceiveTimeout(_settings.PassivateAfter);
    }

    protected override void PostStop()
    {
        _stateWriter.Dispose();
        base.PostStop();
    }

    // ---- events: the only place state changes, in recovery and live alike ----

    private void Apply(IGatewayMessage evt)
    {
        _exists = true;
        switch (evt)
        {
            case ReportedMerged { Fields: { } fields } e:
                _reported.Apply(fields);
                _version = e.Version ?? _version;
                Seen(e.At);
                break;
            case ReportedMerged e:
                if (e.Section is null ? _reported.Merge(e.Payload.Span, e.At) : _reported.Set(e.Section, e.Payload.Span, e.At))
                    _version++;
                if (e.Version is { } version)
                    _version = version;
                Seen(e.At);
                break;
            case DeviceEventRecorded e:
                Bounded(_recentEvents, new DeviceEventView(e.Event, e.At, e.Payload), _settings.RecentEvents);
                Seen(e.At);
                break;
            case TranscriptRecorded e:
                Bounded(_recentTranscript, e.Payload, _settings.RecentTranscript);
                Seen(e.At);
                break;
            case DesiredUpdated e:
                if (_desired.Merge(e.Desired.Span, e.At))
                    _version++;
                break;
            case CommandAccepted e:
                _commands.Accept(e);
                break;
            case CommandAttemptSent e:
                _commands.Apply(e);
                _retainedCommandId = e.CommandId;
                break;
            case CommandAcknowledged e:
                _commands.Apply(e);
                break;
            case CommandTimedOut e:
                _commands.Apply(e);
                break;
            case LateAcknowledgementRecorded e:
                _commands.Apply(e);
                break;
            case ExtensionRecorded e when _extension is not null:
                foreach (var publish in _extension.Apply(e, live: !IsRecovering))
                    Publish(publish);
                break;
            default:
                _log.Warning("Device {0} ignored a journal entry of type {1}", _entityId, evt.GetType().Name);
                break;
        }
    }

    private void Seen(DateTimeOffset at)
    {
        if (_lastSeen is null || at > _lastSeen)
            _lastSeen = at;
    }

    private static void Bounded<T>(Queue<T> queue, T item, int limit)
    {
        queue.Enqueue(item);
        while (queue.Count > limit)
            queue.Dequeue();
    }

    private void Restore(DeviceSnapshot s)
    {
        _exists = true;
        _reported.Restore(s.Reported);
        _desired.Restore(s.Desired);
        _version = s.Version;
        _lastSeen = s.LastSeen;
        _recentEvents.Clear();
        foreach (var e in s.RecentEvents)
            _recentEvents.Enqueue(e);
        _recentTranscript.Clear();
        foreach (var t in s.RecentTranscript)
            _recentTranscript.Enqueue(t);
        _commands.Restore(s.Commands);
        if (s.Extension is { } extension)
            _extension?.Restore(extension);
        _retainedCommandId = _commands.Pending.MaxBy(c => c.LastSentAt)?.CommandId;
    }

    private DeviceSnapshot Snapshot() => new(
        _reported.ToSnapshot(), _desired.ToSnapshot(), _version, _lastSeen,
        _recentEvents.ToArray(), _recentTranscript.ToArray(), _commands.ToSnapshot(), _extension?.Snapshot());

    private void OnRecovered()
    {
        _online = _lastSeen is { } seen && Now - seen < _settings.OfflineAfter;
        Timers.StartPeriodicTimer(nameof(ConnectivityTick), ConnectivityTick.Instance, _settings.ConnectivityCheckInterval);
        // Pending commands go on where they stopped: a due acknowledgement window times out at once.
        foreach (var c in _commands.Pending.ToList())
        {
            if (c.AttemptCount == 0)
                SendAttempt(c);
            else
                Timers.StartSingleTimer(c.CommandId, new AckTimeout(c.CommandId, c.AttemptCount), Max(TimeSpan.Zero, c.LastSentAt!.Value + c.AckTimeout - Now));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // ---- device input ----

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
    private void PersistWithoutWaiting(IGatewayMessage evt)
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
        var events = new List<IGatewayMessage>(2);
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

    // ---- commands ----

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
        PersistAllAsync(new IGatewayMessage[] { accepted, first }, e =>
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

    // ---- shadow and view ----

    private void Handle(SetDesired set)
    {
        if (!IsJsonObject(set.Desired.Span, out var error))
        {
            Sender.Tell(new DesiredInvalid(_entityId, [new FieldError("$", error)]));
            return;
        }
        if (_profile.ValidateDesired(set.Desired.Span) is { Count: > 0 } errors)
        {
            Sender.Tell(new DesiredInvalid(_entityId, errors));
            return;
        }
        var sender = Sender;
        if (_extension?.HandleDesired(set.Desired, Now) is { } step)
        {
            if (step.RejectReason is { } reason)
            {
                foreach (var publish in step.Publish)
                    Publish(publish);
                sender.Tell(new DesiredInvalid(_entityId, [new FieldError("$", reason)]));
                return;
            }
            RunExtensionStep(step, input: null, reply: () => sender.Tell(_extension.DesiredView() ?? BuildShadow()));
            return;
        }
        Persist(new DesiredUpdated(set.Desired, Now), e =>
        {
            Apply(e);
            Journaled();
            sender.Tell(BuildShadow());
            // Families that push desired state (an ESP32's config topic) get the whole desired document.
            if (_profile.DesiredTopic(_key) is { } topic)
                Publish(new MqttPublish(topic, _profile.BuildDesiredPayload(_key, Write(w => _desired.WriteTo(w)), e.At), Retain: false, AtLeastOnce: true));
            PublishState();
        });
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> json, out string error)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "desired state is a JSON object";
                return false;
            }
            reader.Skip();
            if (reader.Read())
            {
                error = "content after the JSON object";
                return false;
            }
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
    }

    private void HandleGetView(IActorRef sender)
    {
        // A device heard from only through refused messages is shown too, so its sender can see why.
        if (_exists || _recentRejections.Count > 0)
        {
            sender.Tell(BuildView());
            return;
        }
        sender.Tell(new DeviceNotFound(_entityId));
        // Nothing to keep in memory for a device that does not exist.
        if (_commands.PendingCount == 0)
            Context.Parent.Tell(new Passivate(StopDevice.Instance));
    }

    private DeviceView BuildView() => new(
        _key.Kind, _key.Org, _key.Id, _online, _lastSeen, BuildShadow(),
        _recentEvents.ToArray(), _recentTranscript.ToArray(),
        _commands.Pending.Select(c => c.ToView(_names)).ToArray(), _recentRejections.ToArray(),
        _extension is null ? null : Write(WriteExtension));

    // The extension's part of the view sits under its own name: {"tracks": ...}, {"aws_shadows": ...}.
    private void WriteExtension(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(_extension!.ViewName);
        _extension.WriteView(writer);
        writer.WriteEndObject();
    }

    private ShadowView BuildShadow() => new(
        Write(w => _reported.WriteTo(w)),
        Write(w => _desired.WriteTo(w)),
        Write(w => _desired.WriteDeltaTo(w, _reported)),
        _version,
        Write(WriteMetadata));

    private RawJson Write(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
            write(writer);
        return new RawJson(_buffer.WrittenSpan.ToArray());
    }

    // ---- publications ----

    /// <summary>Publishes the retained device view, at most once per configured interval.</summary>
    private void PublishState()
    {
        if (_stateThrottled)
        {
            _stateDirty = true;
            return;
        }
        PublishStateNow();
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

    /// <summary>
    /// Writes the device view straight from the actor's state into a reused buffer (the same JSON
    /// as serializing <see cref="BuildView"/>, without building that object graph), so a state
    /// publication costs one array: the payload handed to the broker.
    /// </summary>
    private void PublishStateNow()
    {
        _stateBuffer.ResetWrittenCount();
        _stateWriter.Reset(_stateBuffer);
        var w = _stateWriter;
        w.WriteStartObject();
        w.WriteString("kind"u8, _key.Kind);
        if (_key.Org is null)
            w.WriteNull("org"u8);
        else
            w.WriteString("org"u8, _key.Org);
        w.WriteString("id"u8, _key.Id);
        w.WriteBoolean("online"u8, _online);
        if (_lastSeen is { } seen)
            w.WriteString("last_seen"u8, seen);
        else
            w.WriteNull("last_seen"u8);
        w.WriteStartObject("shadow"u8);
        w.WritePropertyName("reported"u8);
        _reported.WriteTo(w);
        w.WritePropertyName("desired"u8);
        _desired.WriteTo(w);
        w.WritePropertyName("delta"u8);
        _desired.WriteDeltaTo(w, _reported);
        w.WriteNumber("version"u8, _version);
        w.WritePropertyName("metadata"u8);
        WriteMetadata(w);
        w.WriteEndObject();
        w.WriteStartArray("recent_events"u8);
        foreach (var e in _recentEvents)
        {
            w.WriteStartObject();
            w.WriteString("event"u8, e.Event);
            w.WriteString("received_at"u8, e.ReceivedAt);
            w.WritePropertyName("payload"u8);
            w.WriteRawValue(e.Payload.Span, skipInputValidation: true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("recent_transcript"u8);
        foreach (var line in _recentTranscript)
            w.WriteRawValue(line.Span, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteStartArray("pending_commands"u8);
        if (_commands.PendingCount > 0)
            foreach (var c in _commands.Pending)
                JsonSerializer.Serialize(w, c.ToView(_names), GatewayJsonContext.Default.CommandView);
        w.WriteEndArray();
        w.WriteStartArray("recent_rejections"u8);
        foreach (var r in _recentRejections)
        {
            w.WriteStartObject();
            w.WriteString("reason"u8, r.Reason);
            w.WriteString("topic"u8, r.Topic);
            w.WriteString("at"u8, r.At);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (_extension is null)
            w.WriteNull("extension"u8);
        else
        {
            w.WritePropertyName("extension"u8);
            WriteExtension(w);
        }
        w.WriteEndObject();
        w.Flush();
        Publish(new MqttPublish(_stateTopic, _stateBuffer.WrittenSpan.ToArray(), Retain: true, AtLeastOnce: false));
    }

    private void WriteMetadata(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WritePropertyName("reported"u8);
        _reported.WriteMetadataTo(w);
        w.WritePropertyName("desired"u8);
        _desired.WriteMetadataTo(w);
        w.WriteEndObject();
    }


    private void PublishLifecycle(TrackedCommand command) =>
        Publish(new MqttPublish(GatewayTopics.Command(_key, command.CommandId),
            JsonSerializer.SerializeToUtf8Bytes(command.ToView(_names), GatewayJsonContext.Default.CommandView), Retain: false, AtLeastOnce: true));

    private void Publish(MqttPublish message) => _context.MqttOut.Tell(message);

    // ---- housekeeping ----

    private void Tick()
    {
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

    private void PassivateIfIdle()
    {
        // A device with commands in flight stays: its timers and waiters live in this actor.
        if (_commands.PendingCount == 0 && _waiters.Count == 0)
            Context.Parent.Tell(new Passivate(StopDevice.Instance));
    }
}
