using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace Gateway.Devices.Actors;

/// <summary>
/// One device, as an Akka actor: it persists what its <see cref="DeviceState"/> decides, runs
/// the acknowledgement, retry, telemetry-window and publication timers, replies, snapshots and
/// passivates. Every decision about the device is the state's.
/// </summary>
public sealed partial class DeviceActor : ReceivePersistentActor, IWithTimers
{
    private readonly DeviceState _state;
    private readonly DeviceActorContext _shared;
    private readonly DeviceSettings _settings;
    // The family's tag, put on every entry this actor journals but retention's marker (DeviceTags): the directory reads them by it.
    private readonly IImmutableSet<string> _tags;
    private readonly DeviceBacklog _backlog = DeviceBacklog.Get(Context.System);
    // Messages that waited for this actor's recovery tell how long one device took to start, not
    // how far behind the node is: they are left out of its lag.
    private DateTimeOffset _recoveredAt = DateTimeOffset.MaxValue;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Who waits on what: the senders of a command whose acceptance is being journaled, and
    // those awaiting a pending command's settlement. Actor references, so they live here.
    private readonly Dictionary<string, List<IActorRef>> _accepting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IActorRef>> _waiters = new(StringComparer.Ordinal);

    private int _eventsSinceSnapshot;
    private int _writesBehind;
    // Idleness is tracked here rather than with Akka's receive timeout, which reschedules a
    // scheduler entry (six objects, ≈ 300 B) on every message a device sends.
    private long _lastActivity = Environment.TickCount64;
    private bool _passivating;

    public DeviceActor(string entityId, DeviceActorContext shared)
    {
        PersistenceId = PersistenceIdFor(entityId);
        _shared = shared;
        _settings = shared.Settings;
        var kind = DeviceKey.Parse(entityId).Kind;
        _tags = DeviceTags.SetFor(kind);
        _state = new DeviceState(entityId, shared.Profiles.Get(kind), _settings, shared.Commands[kind],
            shared.Telemetry[kind], shared.PayloadLimits[kind], _log, shared.Retention?.GetValueOrDefault(kind));

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DeviceSnapshot snapshot)
                _state.Restore(snapshot);
        });
        Recover<IDeviceJournalEntry>(e => _state.Apply(e, live: false));
        Recover<FamilyStateRecorded>(e => _state.Apply(e, live: false));
        // The SQL journal stores a Tagged entry alone; a journal that keeps the wrapper (the in-memory one) hands it back.
        Recover<Tagged>(e => _state.Apply(e.Payload, live: false));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<DeviceInput>(Handle);
        Command<SubmitCommand>(Handle);
        Command<PublishedCommand>(Handle);
        // Queries are answered after the writes already under way, so an answer never predates
        // something this actor has already accepted (an acknowledgement, a command).
        Command<GetCommandStatus>(q => AfterWrites(q, (query, sender) => sender.Tell(_state.CommandStatus(query.CommandId))));
        Command<AwaitCommandSettled>(q => AfterWrites(q, Handle));
        Command<GetCommands>(q => AfterWrites(q, (_, sender) => sender.Tell(_state.Commands())));
        Command<GetDeviceView>(q => AfterWrites(q, (_, sender) => HandleGetView(sender)));
        Command<SetDesired>(Handle);
        Command<WakeDevice>(_ => { });
        Command<ApplyRetention>(_ => HandleApplyRetention());
        Command<AckTimeout>(Handle);
        Command<RetryDue>(due =>
        {
            if (_state.DecideRetry(due.CommandId, Now) is { } attempt)
                PersistAsync(ForJournal(attempt), Written);
        });
        Command<ConnectivityTick>(_ => Tick());
        Command<FlushTelemetry>(_ => Flush());
        Command<StopDevice>(_ => FlushAndStop());
        Command<PublishStateDue>(_ => OnPublishStateDue());
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            SnapshotSaved(s.Metadata.SequenceNr);
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery replays more events until the next one", _state.EntityId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of {0} failed", _state.EntityId));
    }

    public static Props Props(string entityId, DeviceActorContext context) =>
        Akka.Actor.Props.Create(() => new DeviceActor(entityId, context));

    /// <summary>What every device's persistence id starts with, followed by its entity id.</summary>
    public const string PersistenceIdPrefix = "device-";

    public static string PersistenceIdFor(string entityId) => PersistenceIdPrefix + entityId;

    public static string EntityIdOf(string persistenceId) => persistenceId[PersistenceIdPrefix.Length..];

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

    private void Handle(DeviceInput input)
    {
        if (input.ReceivedAt >= _recoveredAt)
            _backlog.Observe(input.ReceivedAt);
        var step = _state.Decide(input);
        foreach (var publish in step.Publish)
            Publish(publish);
        // A QoS 1 message: the broker sends its PUBACK when this answers.
        var replyTo = input.AwaitsJournal ? Sender : null;
        switch (step.Outcome)
        {
            case InputOutcome.Coalesced:
                if (step.StartsWindow && !Timers.IsTimerActive(nameof(FlushTelemetry)))
                    Timers.StartSingleTimer(nameof(FlushTelemetry), FlushTelemetry.Instance, _state.Telemetry.Window);
                PublishState();
                // Inside the family's documented telemetry window: taken now, journaled when it closes.
                replyTo?.Tell(InputTaken.Instance);
                break;
            case InputOutcome.WrittenBehind:
                // Indexed: a foreach through the interface would allocate an enumerator per message.
                for (var i = 0; i < step.Journal.Count; i++)
                {
                    WriteBehind(step.Journal[i], i == step.Journal.Count - 1 ? replyTo : null);
                    // A dispatcher console follows transcripts line by line, as they come.
                    if (step.Journal[i] is TranscriptRecorded line && Watched(WatchScope.Transcript))
                        PublishChange(WatchScope.Transcript, new TranscriptLineAdded(_state.EntityId, line.Payload, line.At));
                }
                PublishState();
                break;
            case InputOutcome.JournalFirst:
                var journal = ForJournal(step.Journal);
                PersistAllAsync(journal, WrittenThenTaken(journal, replyTo));
                DeferAsync(step, _ => PublishState());
                break;
            case InputOutcome.JournalInOrder:
                var inOrder = ForJournal(step.Journal);
                PersistAll(inOrder, WrittenThenTaken(inOrder, replyTo));
                DeferAsync(step, _ => PublishState());
                break;
            case InputOutcome.Rejected or InputOutcome.Replied:
                // Nothing to journal: the rejection topic, or the protocol's reply, says the rest.
                replyTo?.Tell(InputTaken.Instance);
                break;
            case InputOutcome.Repeated when replyTo is not null:
                // The first copy is journaled, or being journaled: answered once the writes under way are done.
                DeferAsync(replyTo, r => r.Tell(InputTaken.Instance));
                break;
        }
    }

    /// <summary>
    /// An entry the state has already applied: its write follows without holding anything back.
    /// <paramref name="replyTo"/>, if any, is answered once it is written; a failed write answers nothing.
    /// </summary>
    private void WriteBehind(object entry, IActorRef? replyTo = null)
    {
        _writesBehind++;
        _backlog.WriteStarted();
        if (replyTo is null)
            PersistAsync(ForJournal(entry), _ => OnWrittenBehind());
        else
            PersistAsync(ForJournal(entry), _ =>
            {
                OnWrittenBehind();
                replyTo.Tell(InputTaken.Instance);
            });
    }

    private void OnWrittenBehind()
    {
        _writesBehind--;
        _backlog.WritesDone();
        Journaled();
    }

    /// <summary>The write handler for a message's entries: <paramref name="replyTo"/>, if any, is answered once the last is written.</summary>
    private Action<object> WrittenThenTaken(IReadOnlyList<object> journal, IActorRef? replyTo)
    {
        if (replyTo is null)
            return Written;
        var last = journal[^1];
        return entry =>
        {
            Written(entry);
            if (ReferenceEquals(entry, last))
                replyTo.Tell(InputTaken.Instance);
        };
    }

    /// <summary>An entry written before anything is said about it: applied now, then what it means is carried out.</summary>
    private void Written(object written)
    {
        var entry = DeviceTags.Untag(written);
        foreach (var publish in _state.Apply(entry, live: true))
            Publish(publish);
        Journaled();
        switch (entry)
        {
            case DeviceEventRecorded e:
                Publish(_state.EventPublication(e));
                if (Watched(WatchScope.Events))
                    PublishChange(WatchScope.Events, new DeviceEventAdded(_state.EntityId, new DeviceEventView(e.Event, e.At, e.Payload)));
                break;
            case CommandAccepted e:
                OnAccepted(e.CommandId);
                break;
            case CommandAttemptSent e:
                OnAttemptJournaled(e);
                break;
            case CommandAcknowledged e:
                OnSettled(e.CommandId);
                break;
            case CommandTimedOut e:
                OnSettled(e.CommandId);
                break;
            case LateAcknowledgementRecorded e when _state.TryGetCommand(e.CommandId, out var command):
                PublishLifecycle(command);
                break;
            case DesiredUpdated e when _state.DesiredPublication(e) is { } desired:
                Publish(desired);
                break;
        }
    }

    private void Handle(SetDesired set)
    {
        var step = _state.Decide(set, Now);
        foreach (var publish in step.Publish)
            Publish(publish);
        if (step.Invalid is { } invalid)
        {
            Sender.Tell(invalid);
            return;
        }
        if (!step.JournalFirst || step.Journal.Count == 0)
        {
            foreach (var entry in step.Journal)
                WriteBehind(entry);
            if (step.Journal.Count > 0)
                PublishState();
            Sender.Tell(_state.DesiredAnswer());
            return;
        }
        var sender = Sender;
        PersistAll(ForJournal(step.Journal), Written);
        DeferAsync(step, _ =>
        {
            sender.Tell(_state.DesiredAnswer());
            PublishState();
        });
    }

    private void HandleGetView(IActorRef sender)
    {
        if (_state.Exists)
        {
            sender.Tell(_state.BuildView());
            return;
        }
        sender.Tell(new DeviceNotFound(_state.EntityId));
        // Nothing to keep in memory for a device that does not exist.
        RequestPassivation();
    }

    /// <summary>An entry as this actor hands it to the journal: with its family's tag.</summary>
    private object ForJournal(object entry) => DeviceTags.Tag(entry, _tags);

    private object[] ForJournal(IReadOnlyList<object> entries)
    {
        var tagged = new object[entries.Count];
        for (var i = 0; i < tagged.Length; i++)
            tagged[i] = ForJournal(entries[i]);
        return tagged;
    }

    private void AfterWrites<T>(T query, Action<T, IActorRef> answer)
    {
        var sender = Sender;
        DeferAsync(query, q => answer(q, sender));
    }

    private void OnRecovered()
    {
        _recoveredAt = Now;
        // A snapshot or a replay may hold lines whose retention ran out while the device was stopped.
        _state.Prune(Now);
        _state.Recovered(Now);
        Timers.StartPeriodicTimer(nameof(ConnectivityTick), ConnectivityTick.Instance, _settings.ConnectivityCheckInterval);
        if (_state.RetainedAgain(Now) is { } retained)
            Publish(retained);
        // Pending commands go on where they stopped: a due acknowledgement window times out at once.
        foreach (var (command, windowLeft) in _state.Resume(Now))
        {
            if (windowLeft is { } left)
                Timers.StartSingleTimer(command.CommandId, new AckTimeout(command.CommandId, command.AttemptCount), left);
            else
                PersistAsync(ForJournal(_state.NextAttempt(command, Now)), Written);
        }
    }
}
