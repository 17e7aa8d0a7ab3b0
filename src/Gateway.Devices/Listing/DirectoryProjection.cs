using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Gateway.Devices.Listing;

/// <summary>
/// Builds the <see cref="DeviceDirectory"/> from the journal through Akka.Persistence.Query and
/// answers <see cref="GetDirectory"/>. One live <c>EventsByTag</c> stream per family (the tags
/// device actors put on every entry, <see cref="DeviceTags"/>) keeps it up to date; the read model
/// and each tag's offset are snapshotted every <c>gateway.directory.snapshot-interval</c>, so a
/// restart resumes from the stored offsets instead of reading the journal again. Devices journaled
/// before entries were tagged are read once, device by device (<c>CurrentPersistenceIds</c>, then
/// each one's events), the first time the projection starts; the snapshot remembers that it did.
/// </summary>
/// <remarks>
/// It runs as a cluster singleton: one reader of the journal whatever the number of nodes (N nodes
/// each building their own would each poll the database per family), one set of offsets, and every
/// node's API answers from the same instance, so two nodes never show two different directories.
/// The price is one remoting hop per request from the other nodes, and a few seconds without an
/// answer while the singleton moves after its node is lost (it recovers from its snapshot there).
/// A stream that fails (the journal unreachable) stops the projection; its backoff supervisor
/// starts it again from the last snapshot, and the events since are read again.
/// </remarks>
public sealed class DirectoryProjection : ReceivePersistentActor, IWithTimers
{
    private readonly DeviceDirectory _directory;
    private readonly IReadOnlyList<string> _tags;
    private readonly DirectorySettings _settings;
    private readonly string _readJournalId;
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _backfilled;
    private bool _changed;
    private int _backfilledEntries;
    private DateTimeOffset _backfillStarted;

    public DirectoryProjection(DeviceProfiles profiles, DeviceSettings devices, DirectorySettings settings, string readJournalId)
    {
        _directory = new DeviceDirectory(profiles, devices.OfflineAfter);
        _tags = profiles.All.Select(p => DeviceTags.For(p.Kind)).ToList();
        _settings = settings;
        _readJournalId = readJournalId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DirectorySnapshot snapshot)
                Restore(snapshot);
        });
        Recover<RecoveryCompleted>(_ => Start());

        Command<GetDirectory>(query => Sender.Tell(_directory.Query(query, DateTimeOffset.UtcNow)));
        Command<StreamStarted>(_ => Sender.Tell(Ack.Instance));
        Command<Projected>(projected =>
        {
            _directory.Apply(projected.PersistenceId, projected.Entry);
            _offsets[projected.Tag] = Math.Max(_offsets.GetValueOrDefault(projected.Tag), projected.Offset);
            _changed = true;
            Sender.Tell(Ack.Instance);
        });
        Command<Backfilled>(backfilled =>
        {
            _directory.Apply(backfilled.PersistenceId, backfilled.Entry);
            _backfilledEntries++;
            _changed = true;
            Sender.Tell(Ack.Instance);
        });
        Command<BackfillDone>(_ =>
        {
            _backfilled = true;
            _changed = true;
            _log.Info("Device directory: read the {0} entries journaled before tagging in {1:F1} s; {2} devices known",
                _backfilledEntries, (DateTimeOffset.UtcNow - _backfillStarted).TotalSeconds, _directory.Count);
            SaveIfChanged();
        });
        Command<StreamEnded>(ended =>
        {
            _log.Warning(ended.Cause, "Device directory: the {0} stream ended; starting again from the last snapshot", ended.Stream);
            Context.Stop(Self);
        });
        Command<SnapshotDue>(_ => SaveIfChanged());
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "Device directory: snapshot failed; a restart reads the journal from the previous one"));
    }

    // Not "device-...": that prefix is the devices' own (DeviceActor.PersistenceIdPrefix).
    public override string PersistenceId => "gateway-device-directory";

    public ITimerScheduler Timers { get; set; } = null!;

    private void Restore(DirectorySnapshot snapshot)
    {
        _directory.Restore(snapshot.Devices);
        foreach (var offset in snapshot.Offsets)
            _offsets[offset.Tag] = offset.Offset;
        _backfilled = snapshot.Backfilled;
    }

    private void Start()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<IReadJournal>(_readJournalId);
        var materializer = Context.Materializer();
        var byTag = (IEventsByTagQuery)journal;
        foreach (var tag in _tags)
        {
            byTag.EventsByTag(tag, Offset.Sequence(_offsets.GetValueOrDefault(tag)))
                .Select(e => new Projected(tag, ((Sequence)e.Offset).Value, e.PersistenceId, e.Event))
                .RunWith(Sink.ActorRefWithAck<Projected>(Self, StreamStarted.Instance, Ack.Instance,
                    new StreamEnded(tag, null), cause => new StreamEnded(tag, cause)), materializer);
        }
        if (!_backfilled)
            Backfill(journal, materializer);
        Timers.StartPeriodicTimer(nameof(SnapshotDue), SnapshotDue.Instance, _settings.SnapshotInterval);
        _log.Info("Device directory: {0} devices known, following {1} from offsets {2}{3}", _directory.Count, string.Join(", ", _tags),
            string.Join(", ", _tags.Select(t => _offsets.GetValueOrDefault(t))), _backfilled ? "" : "; reading the devices journaled before tagging");
    }

    /// <summary>
    /// Every device's entries, tagged or not, read once: rows written before tags existed are in no
    /// tag's stream. What the tag streams also deliver is applied twice, which changes nothing.
    /// </summary>
    private void Backfill(IReadJournal journal, IMaterializer materializer)
    {
        _backfillStarted = DateTimeOffset.UtcNow;
        var events = (ICurrentEventsByPersistenceIdQuery)journal;
        ((ICurrentPersistenceIdsQuery)journal).CurrentPersistenceIds()
            .Where(_directory.IsDevice)
            .MergeMany(_settings.BackfillParallelism, id => events.CurrentEventsByPersistenceId(id, 0, long.MaxValue))
            .Select(e => new Backfilled(e.PersistenceId, e.Event))
            .RunWith(Sink.ActorRefWithAck<Backfilled>(Self, StreamStarted.Instance, Ack.Instance,
                BackfillDone.Instance, cause => new StreamEnded("backfill", cause)), materializer);
    }

    private void SaveIfChanged()
    {
        if (!_changed)
            return;
        _changed = false;
        // The projection journals no events, so every snapshot has sequence number 0 and replaces the last.
        SaveSnapshot(new DirectorySnapshot(_directory.ToRows(), _offsets.Select(o => new TagOffset(o.Key, o.Value)).ToList(), _backfilled));
    }

    private sealed record Projected(string Tag, long Offset, string PersistenceId, object Entry);

    private sealed record Backfilled(string PersistenceId, object Entry);

    private sealed record StreamEnded(string Stream, Exception? Cause);

    private sealed class StreamStarted
    {
        public static readonly StreamStarted Instance = new();
    }

    private sealed class Ack
    {
        public static readonly Ack Instance = new();
    }

    private sealed class BackfillDone
    {
        public static readonly BackfillDone Instance = new();
    }

    private sealed class SnapshotDue
    {
        public static readonly SnapshotDue Instance = new();
    }
}
