using Akka.Actor;
using Akka.Event;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Gateway.Devices.History;
using Gateway.Devices.Settings;
using Gateway.Persistence;

namespace Gateway.Host.History;

/// <summary>
/// Enforces each family's retention periods on the journal (one per cluster: a singleton).
/// Every <see cref="RetentionSweepSettings.Interval"/> it finds the devices holding rows past
/// their period, asks each to snapshot (<see cref="ApplyRetention"/>: the device prunes its recent
/// views, journals a marker and snapshots), and once that snapshot is saved deletes the device's
/// expired rows below it with <see cref="JournalRetention"/>.
///
/// Why rows are deleted one by one rather than with Akka.Persistence's DeleteMessages: that
/// deletes a whole prefix of the device's single stream, and a device's permanent events
/// interleave with transcript lines that must be gone after 7 days, so no prefix is both all
/// expired and all deletable. Separate streams per retention class would split one device's
/// ordering and recovery across several persistent actors; re-journaling what stays before
/// deleting a prefix would rewrite permanent events with new sequence numbers and times. Deleting
/// only rows that a saved snapshot covers leaves recovery (snapshot, then the rows after it)
/// exactly as it was, and the marker keeps the device's newest row, from which the plugin takes
/// its next sequence number, out of reach.
/// </summary>
public sealed class RetentionSweeper : ReceiveActor, IWithTimers
{
    private readonly IActorRef _devices;
    private readonly JournalRetention _journal;
    private readonly IReadOnlyDictionary<string, RetentionSettings> _families;
    private readonly RetentionSweepSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private bool _sweeping;

    public RetentionSweeper(IActorRef devices, JournalRetention journal, IReadOnlyDictionary<string, RetentionSettings> families, RetentionSweepSettings settings)
    {
        _devices = devices;
        _journal = journal;
        _families = families;
        _settings = settings;
        Receive<Sweep>(_ =>
        {
            // A sweep that takes longer than the interval is not run twice at once.
            if (_sweeping)
                return;
            _sweeping = true;
            SweepAsync(DateTimeOffset.UtcNow, _stopping.Token).PipeTo(Self, success: swept => swept, failure: e => new SweepFailed(e));
        });
        Receive<Swept>(swept =>
        {
            _sweeping = false;
            if (swept.Rows > 0 || swept.Devices > 0)
                _log.Info("Retention: deleted {0} expired journal rows of {1} devices", swept.Rows, swept.Devices);
        });
        Receive<SweepFailed>(failed =>
        {
            _sweeping = false;
            _log.Warning(failed.Cause, "Retention sweep failed; the next one retries");
        });
    }

    public static Props Props(IActorRef devices, JournalRetention journal, IReadOnlyDictionary<string, RetentionSettings> families, RetentionSweepSettings settings) =>
        Akka.Actor.Props.Create(() => new RetentionSweeper(devices, journal, families, settings));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, _settings.Interval);

    protected override void PostStop() => _stopping.Cancel();

    /// <summary>The expiries of one family at <paramref name="now"/>: each channel with a period, by its rows' manifest.</summary>
    public static IReadOnlyList<JournalRetention.Expiry> ExpiriesOf(RetentionSettings retention, DateTimeOffset now) =>
        HistoryChannels.All
            .Where(c => retention.PeriodOf(c) is not null)
            .Select(c => new JournalRetention.Expiry(HistoryChannels.ManifestOf(c), retention.CutoffOf(c, now)!.Value))
            .ToArray();

    private async Task<Swept> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        int devices = 0, rows = 0;
        foreach (var (kind, retention) in _families)
        {
            var expiries = ExpiriesOf(retention, now);
            if (expiries.Count == 0)
                continue;
            var prefix = DeviceActor.PersistenceIdFor($"{kind}/");
            foreach (var persistenceId in await _journal.FindExpiredAsync(prefix, expiries, _settings.Batch, ct))
            {
                var entityId = DeviceActor.EntityIdOf(persistenceId);
                RetentionReady ready;
                try
                {
                    ready = await _devices.Ask<RetentionReady>(new ApplyRetention(entityId), _settings.DeviceTimeout, ct);
                }
                catch (AskTimeoutException)
                {
                    _log.Warning("Retention: {0} did not snapshot within {1}; its expired rows stay until the next sweep", entityId, _settings.DeviceTimeout);
                    continue;
                }
                if (ready.SnapshotSequenceNr == 0)
                    continue;
                rows += await _journal.DeleteExpiredAsync(persistenceId, ready.SnapshotSequenceNr, expiries, HistoryChannels.MarkerManifest, ct);
                devices++;
            }
        }
        return new Swept(devices, rows);
    }

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record Swept(int Devices, int Rows);

    private sealed record SweepFailed(Exception Cause);
}
