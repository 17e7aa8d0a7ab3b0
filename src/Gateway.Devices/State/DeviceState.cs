namespace Gateway.Devices.State;

/// <summary>
/// Everything one device actor knows and decides, without Akka: its shadow, connectivity, recent
/// events and commands. Decisions (<c>Decide</c>) say what to journal, publish and answer; a
/// journaled entry changes the state only through <see cref="Apply"/>, in recovery and live
/// alike. What changes before any write (coalesced telemetry, refused messages, connectivity) is
/// changed by the decision that says so. The actor persists, runs timers and replies.
/// </summary>
public sealed partial class DeviceState
{
    private static readonly MqttPublish[] NothingToPublish = [];

    private readonly IDeviceProfile _profile;
    private readonly ICommandProtocol? _commandProtocol;
    private readonly DeviceSettings _settings;
    private readonly CommandSettings _commandSettings;
    private readonly PayloadLimit _payloadLimit;
    private readonly ILoggingAdapter _log;
    private readonly string _stateTopic;
    private readonly string _commandTopic;
    private readonly string _eventsTopic;
    private readonly CommandStatusNames _names;
    private readonly IFamilyState? _familyState;

    private readonly ShadowDocument _reported = new();
    private readonly ShadowDocument _desired = new();
    private readonly CommandLog _commands;
    private readonly Queue<DeviceEventView> _recentEvents = new();
    private readonly Queue<TranscriptLine> _recentTranscript = new();
    private readonly Queue<RejectionView> _recentRejections = new();
    private readonly HashSet<string> _pendingFields = new(StringComparer.Ordinal);
    // Commands are journaled without holding back telemetry; these remember which command ids
    // have a write in flight, so nothing is decided twice before that write returns.
    private readonly HashSet<string> _accepting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answering = new(StringComparer.Ordinal);

    private long _version;
    private DateTimeOffset? _lastSeen;
    private bool _online;
    private bool _exists;
    private string? _retainedCommandId;

    public DeviceState(string entityId, IDeviceProfile profile, DeviceSettings settings, CommandSettings commands,
        TelemetrySettings telemetry, PayloadLimit payloadLimit, ILoggingAdapter log, RetentionSettings? retention = null)
    {
        EntityId = entityId;
        Key = DeviceKey.Parse(entityId);
        _profile = profile;
        _settings = settings;
        _commandSettings = commands;
        _payloadLimit = payloadLimit;
        Telemetry = telemetry;
        Retention = retention ?? RetentionSettings.Forever;
        _log = log;
        _commands = new CommandLog(settings.CommandHistory);
        _stateTopic = GatewayTopics.State(Key);
        _commandProtocol = profile.Commands;
        _commandTopic = _commandProtocol?.CommandTopic(Key) ?? "";
        _eventsTopic = GatewayTopics.Events(Key);
        _names = _commandProtocol?.StatusNames ?? CommandStatusNames.Default;
        _familyState = profile.CreateFamilyState(Key);
    }

    public string EntityId { get; }
    public DeviceKey Key { get; }
    public TelemetrySettings Telemetry { get; }
    public RetentionSettings Retention { get; }
    public bool Online => _online;
    public long Version => _version;
    public int PendingCommandCount => _commands.PendingCount;
    public IEnumerable<TrackedCommand> PendingCommands => _commands.Pending;
    public bool HasUnflushedTelemetry => _pendingFields.Count > 0;

    public bool TryGetCommand(string commandId, out TrackedCommand command) => _commands.TryGet(commandId, out command);

    /// <summary>
    /// The one way a journaled entry changes the state. When <paramref name="live"/>, returns
    /// what the family's state publishes about its own entries (nothing for the others).
    /// </summary>
    public IReadOnlyList<MqttPublish> Apply(object entry, bool live)
    {
        _exists = true;
        switch (entry)
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
                Bounded(_recentTranscript, new TranscriptLine(e.Payload, e.At), _settings.RecentTranscript);
                Seen(e.At);
                break;
            case DesiredUpdated e:
                if (_desired.Merge(e.Desired.Span, e.At))
                    _version++;
                break;
            case CommandAccepted e:
                _commands.Accept(e);
                _accepting.Remove(e.CommandId);
                break;
            case CommandAttemptSent e:
                _commands.Apply(e);
                _retainedCommandId = e.CommandId;
                break;
            case CommandAcknowledged e:
                _commands.Apply(e);
                _answering.Remove(e.CommandId);
                break;
            case CommandTimedOut e:
                _commands.Apply(e);
                _answering.Remove(e.CommandId);
                break;
            case LateAcknowledgementRecorded e:
                _commands.Apply(e);
                _answering.Remove(e.CommandId);
                break;
            case RetentionMarked:
                break;
            case FamilyStateRecorded e when _familyState is not null:
                // Live, the message was marked heard as it came in (DecideFamilyState); recovering, the entry says it.
                if (!live && _profile.IsHeardIn(e))
                    Seen(e.At);
                return _familyState.Apply(e, live);
            default:
                _log.Warning("Device {0} ignored a journal entry of type {1}", EntityId, entry.GetType().Name);
                break;
        }
        return NothingToPublish;
    }

    public void Restore(DeviceSnapshot s)
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
        for (var i = 0; i < s.RecentTranscript.Count; i++)
            // A snapshot from before lines had times: the device's last contact is the latest any of them can be.
            _recentTranscript.Enqueue(new TranscriptLine(s.RecentTranscript[i], s.RecentTranscriptAt?[i] ?? s.LastSeen ?? DateTimeOffset.MinValue));
        _commands.Restore(s.Commands);
        if (s.Extension is { } extension)
            _familyState?.Restore(extension);
        _retainedCommandId = _commands.Pending.MaxBy(c => c.LastSentAt)?.CommandId;
    }

    public DeviceSnapshot ToSnapshot() => new(
        _reported.ToSnapshot(), _desired.ToSnapshot(), _version, _lastSeen,
        _recentEvents.Select(e => new StoredDeviceEvent(e.Event, e.ReceivedAt, e.Payload)).ToArray(),
        TranscriptPayloads(),
        _commands.ToSnapshot(), _familyState?.Snapshot(),
        _recentTranscript.Select(t => t.At).ToArray());

    /// <summary>After recovery: online if the device was heard from within the offline window.</summary>
    public void Recovered(DateTimeOffset now) => _online = _lastSeen is { } seen && now - seen < _settings.OfflineAfter;

    /// <summary>The connectivity check and the family state's housekeeping; true when the view changed.</summary>
    public bool Tick(DateTimeOffset now)
    {
        var changed = _familyState?.Tick(now) ?? false;
        if (_online && _lastSeen is { } seen && now - seen >= _settings.OfflineAfter)
        {
            _online = false;
            changed = true;
            _log.Info("Device {0} is offline: nothing heard since {1:O}", EntityId, seen);
        }
        return changed;
    }

    /// <summary>The device was heard from: it is online, and last seen no earlier than <paramref name="at"/>.</summary>
    private void Heard(DateTimeOffset at)
    {
        _online = true;
        Seen(at);
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
}
