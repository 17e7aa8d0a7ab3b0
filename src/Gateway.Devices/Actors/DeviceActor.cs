namespace Gateway.Devices.Actors;

/// <summary>
/// One device: its shadow, its connectivity, its recent events and its commands with their
/// acknowledgement timers and retries. Telemetry updates the shadow at once and is journaled
/// without waiting; commands and device events are journaled before anything is said about them.
/// </summary>
public sealed partial class DeviceActor : ReceivePersistentActor, IWithTimers
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
    private readonly TelemetrySettings _telemetry;
    private readonly HashSet<string> _pendingFields = new(StringComparer.Ordinal);
    // Commands are journaled with PersistAsync so telemetry keeps flowing during their writes;
    // these remember what is in flight so nothing is decided twice before its write returns.
    private readonly Dictionary<string, List<IActorRef>> _accepting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answering = new(StringComparer.Ordinal);

    private long _version;
    private DateTimeOffset? _lastSeen;
    private bool _online;
    private bool _exists;
    private string? _retainedCommandId;
    private int _eventsSinceSnapshot;
    private int _asyncWritesInFlight;
    private bool _stateDirty;
    private bool _stateThrottled;
    // Idleness is tracked here rather than with Akka's receive timeout, which reschedules a
    // scheduler entry (six objects, ≈ 300 B) on every message a device sends.
    private long _lastActivity = Environment.TickCount64;
    private bool _passivating;

    public DeviceActor(string entityId, DeviceActorContext context)
    {
        _entityId = entityId;
        PersistenceId = PersistenceIdFor(entityId);
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
        _telemetry = context.Telemetry?.GetValueOrDefault(_key.Kind) ?? TelemetrySettings.EachMessage;
        _extension = _profile.CreateExtension(_key);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DeviceSnapshot snapshot)
                Restore(snapshot);
        });
        Recover<IDeviceJournalEntry>(Apply);
        Recover<ExtensionRecorded>(Apply);
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
        Command<StopDevice>(_ => FlushAndStop());
        Command<PublishStateDue>(_ => OnPublishStateDue());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery replays more events until the next one", _entityId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of {0} failed", _entityId));
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
            if (_pendingFields.Count > 0)
                FlushAndStop();
            else
                Context.Stop(Self);
        });
    }

    private void AfterWrites<T>(T query, Action<T, IActorRef> answer)
    {
        var sender = Sender;
        DeferAsync(query, q => answer(q, sender));
    }

    public static Props Props(string entityId, DeviceActorContext context) =>
        Akka.Actor.Props.Create(() => new DeviceActor(entityId, context));

    public static string PersistenceIdFor(string entityId) => $"device-{entityId}";

    // Akka reads this for every event it persists: built once, not per write.
    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override bool AroundReceive(Receive receive, object message)
    {
        // The actor's own timers say nothing about whether anyone still needs this device.
        if (message is not INotInfluenceReceiveTimeout)
            _lastActivity = Environment.TickCount64;
        return base.AroundReceive(receive, message);
    }

    // ---- events: the only place state changes, in recovery and live alike ----

    private void Apply(object evt)
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
            _recentEvents.Enqueue(new DeviceEventView(e.Event, e.ReceivedAt, e.Payload));
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
        _recentEvents.Select(e => new StoredDeviceEvent(e.Event, e.ReceivedAt, e.Payload)).ToArray(), _recentTranscript.ToArray(),
        _commands.ToSnapshot(), _extension?.Snapshot());

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
}
