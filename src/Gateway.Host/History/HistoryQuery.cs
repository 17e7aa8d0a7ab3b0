using Gateway.Devices.History;
using Gateway.Devices.Journal;

namespace Gateway.Host.History;

/// <summary>
/// Reads one page of a device's history from its journal without reading the journal whole.
/// Rows are read in order of sequence number (oldest first, the order the read journal gives),
/// in bounded ranges (the page's limit, doubling up to 2,000); a page stops at its limit, at the end of the time window, or after
/// <see cref="HistorySettings.ScanLimit"/> sequence numbers, whichever comes first.
///
/// Finding where <c>since</c> starts: the journal's write time (its <c>created</c> column) only
/// grows along a device's sequence numbers, and an entry's own time is never later than its
/// write, so the first row written at or after <c>since</c> (less the order slack) is where the
/// window can start. A binary search over sequence numbers finds it in about log2(rows) reads of
/// at most <see cref="ProbeWidth"/> rows each (one more, of at most the read journal's
/// max-buffer-size, when a probe lands in a gap of deleted rows wider than that).
///
/// Ending at <c>until</c>: entries' own times are in sequence order within the order slack (a
/// coalesced telemetry window is journaled when it closes, up to its window after its fields;
/// with an external broker, nodes stamp messages by their own clocks), so the read stops at
/// the first entry later than <c>until</c> plus that slack.
/// </summary>
public sealed class HistoryQuery(IHistorySource source, HistorySettings settings)
{
    public const int ProbeWidth = 16;
    private const int MaxRange = 2000;

    /// <returns>Null when the device has no journal at all.</returns>
    public async Task<HistoryPage?> RunAsync(HistoryRequest request, CancellationToken ct)
    {
        var highest = await source.HighestSequenceNrAsync(request.PersistenceId, ct);
        if (highest == 0)
            return null;
        var from = request.Cursor
            ?? (request.Since is { } since ? await FindStartAsync(request.PersistenceId, since - settings.OrderSlack, highest, ct) : 1);
        var stopAfter = request.Until + settings.OrderSlack;
        var items = new List<HistoryRow>(Math.Min(request.Limit, 128));
        var scanned = 0L;
        // The first range as wide as the page, so a dense window is read in one query; each next one
        // twice as wide (to MaxRange), so a sparse channel or the order slack costs few round trips.
        long chunk = Math.Max(ProbeWidth, request.Limit);
        while (from <= highest && scanned < settings.ScanLimit)
        {
            var to = Math.Min(highest, from + Math.Min(chunk, settings.ScanLimit - scanned) - 1);
            chunk = Math.Min(chunk * 2, MaxRange);
            foreach (var row in await source.ReadAsync(request.PersistenceId, from, to, (int)(to - from + 1), ct))
            {
                var at = EntryTime(row.Entry);
                if (stopAfter is { } stop && at > stop)
                    return new HistoryPage(items, null);
                if (!Matches(row.Entry, at, request))
                    continue;
                items.Add(row);
                if (items.Count == request.Limit)
                    return new HistoryPage(items, row.SequenceNr < highest ? row.SequenceNr + 1 : null);
            }
            scanned += to - from + 1;
            from = to + 1;
        }
        return new HistoryPage(items, from <= highest ? from : null);
    }

    /// <summary>
    /// The first row from which every row was written at or after <paramref name="since"/>, so a
    /// window that starts after a gap of deleted rows starts at its first row, not in the gap;
    /// past the journal's end when there is none.
    /// </summary>
    private async Task<long> FindStartAsync(string persistenceId, DateTimeOffset since, long highest, CancellationToken ct)
    {
        var sinceTicks = since.UtcTicks;
        // Invariants: every row below lo was written before since; every row from hi on, at or after
        // it; and the first row from hi on is firstFromHi (null: none is known to exist).
        long lo = 1, hi = highest + 1;
        long? firstFromHi = null;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var first = await FirstRowAsync(persistenceId, mid, hi - 1, ct);
            if (first is not null && first.WrittenTicks < sinceTicks)
                lo = first.SequenceNr + 1;
            else
            {
                // No row in [mid, hi), or the first one there is already in the window.
                hi = mid;
                if (first is not null)
                    firstFromHi = first.SequenceNr;
            }
        }
        return firstFromHi ?? highest + 1;
    }

    /// <summary>The first row with a sequence number in [<paramref name="from"/>, <paramref name="to"/>]: a narrow read, then (past a gap) one to the end.</summary>
    private async Task<HistoryRow?> FirstRowAsync(string persistenceId, long from, long to, CancellationToken ct)
    {
        var narrow = Math.Min(to, from + ProbeWidth - 1);
        var rows = await source.ReadAsync(persistenceId, from, narrow, 1, ct);
        if (rows.Count > 0 || narrow == to)
            return rows.Count > 0 ? rows[0] : null;
        rows = await source.ReadAsync(persistenceId, narrow + 1, to, 1, ct);
        return rows.Count > 0 ? rows[0] : null;
    }

    private static bool Matches(object entry, DateTimeOffset? at, HistoryRequest request) =>
        HistoryChannels.Of(entry) == request.Channel
        && at is { } t
        && (request.Since is not { } since || t >= since)
        && (request.Until is not { } until || t <= until);

    /// <summary>The time an entry carries: when the gateway received what it records (a coalesced window: its newest field).</summary>
    public static DateTimeOffset? EntryTime(object entry) => entry switch
    {
        DeviceEventRecorded e => e.At,
        TranscriptRecorded e => e.At,
        ReportedMerged e => e.At,
        DesiredUpdated e => e.At,
        CommandAccepted e => e.At,
        CommandAttemptSent e => e.At,
        CommandAcknowledged e => e.At,
        CommandTimedOut e => e.At,
        LateAcknowledgementRecorded e => e.At,
        RetentionMarked e => e.At,
        Gateway.Protocols.FamilyState.FamilyStateRecorded e => e.At,
        _ => null,
    };
}
