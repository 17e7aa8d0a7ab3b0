using Gateway.Contracts.Json;
using Gateway.Devices.History;
using Gateway.Devices.Journal;
using Gateway.Host.History;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.History;

/// <summary>History pages: the time window, the cursor, oldest first, and what a narrow window costs on a long journal.</summary>
public sealed class HistoryQuerySpec(ITestOutputHelper output)
{
    private const string Pid = "device-drone/Alpha-3";
    private static readonly DateTimeOffset T0 = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly HistorySettings Settings = new(DefaultLimit: 100, MaxLimit: 1000, ScanLimit: 10_000, OrderSlack: TimeSpan.FromSeconds(10));

    /// <summary>
    /// One row a second: an event, a transcript line and a telemetry report in turn, each written
    /// 200 ms after it was received; <paramref name="skip"/> leaves sequence numbers out, as retention's deletes do.
    /// </summary>
    private static List<HistoryRow> Journal(int count, Func<long, bool>? skip = null)
    {
        var rows = new List<HistoryRow>(count);
        for (long seq = 1; seq <= count; seq++)
        {
            if (skip?.Invoke(seq) == true)
                continue;
            var at = T0.AddSeconds(seq);
            object entry = (seq % 3) switch
            {
                1 => new DeviceEventRecorded("AED_DEPLOYED", RawJson.Parse($$"""{"n":{{seq}}}"""), at),
                2 => new TranscriptRecorded(RawJson.Parse($$"""{"text":"line {{seq}}"}"""), at),
                _ => new ReportedMerged("telemetry", RawJson.Parse($$"""{"battery":{{seq % 100}}}"""), at),
            };
            rows.Add(new HistoryRow(seq, at.AddMilliseconds(200).UtcTicks, entry));
        }
        return rows;
    }

    private static HistoryRequest Request(HistoryChannel channel, DateTimeOffset? since = null, DateTimeOffset? until = null, long? cursor = null, int limit = 100) =>
        new(Pid, channel, since, until, cursor, limit);

    [Fact]
    public async Task A_window_returns_its_channels_entries_oldest_first_and_nothing_outside_it()
    {
        var query = new HistoryQuery(new ListHistorySource(Journal(300)), Settings);

        var page = await query.RunAsync(Request(HistoryChannel.Events, T0.AddSeconds(100), T0.AddSeconds(130)), default);

        var sequence = page!.Items.Select(i => i.SequenceNr).ToArray();
        // Events are the rows 1, 4, 7, ...: those received from second 100 to second 130, both ends included.
        Assert.Equal(Enumerable.Range(100, 31).Where(s => s % 3 == 1).Select(s => (long)s), sequence);
        Assert.All(page.Items, i => Assert.IsType<DeviceEventRecorded>(i.Entry));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Following_the_cursor_reads_every_entry_of_the_window_once()
    {
        var query = new HistoryQuery(new ListHistorySource(Journal(1000)), Settings);
        var request = Request(HistoryChannel.Transcript, T0.AddSeconds(50), T0.AddSeconds(900), limit: 7);

        var seen = new List<long>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await query.RunAsync(request with { Cursor = cursor }, default);
            Assert.True(page!.Items.Count <= 7);
            seen.AddRange(page.Items.Select(i => i.SequenceNr));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 1000);

        Assert.Equal(Enumerable.Range(50, 851).Where(s => s % 3 == 2).Select(s => (long)s), seen);
    }

    [Fact]
    public async Task A_narrow_window_on_a_long_journal_reads_a_few_rows_not_the_journal()
    {
        var source = new ListHistorySource(Journal(200_000));
        var query = new HistoryQuery(source, Settings);

        var page = await query.RunAsync(Request(HistoryChannel.Events, T0.AddSeconds(150_000), T0.AddSeconds(150_030)), default);

        Assert.Equal(Enumerable.Range(150_000, 31).Where(s => s % 3 == 1).Select(s => (long)s), page!.Items.Select(i => i.SequenceNr));
        output.WriteLine($"a 30 s window of a 200,000-row journal: {source.Reads} reads, {source.RowsRead} rows");
        // About log2(200,000) = 18 probes of at most ProbeWidth rows, then the window and its slack.
        Assert.True(source.RowsRead < 18 * HistoryQuery.ProbeWidth + 200, $"read {source.RowsRead} rows in {source.Reads} reads");
        Assert.True(source.Reads < 40, $"{source.Reads} reads");
    }

    [Fact]
    public async Task The_start_is_found_across_gaps_left_by_deleted_rows()
    {
        // Retention deleted every transcript line and telemetry report before second 120 000, and a long stretch after it.
        var source = new ListHistorySource(Journal(150_000, seq => (seq < 120_000 && seq % 3 != 1) || (seq > 130_000 && seq < 149_000)));
        var query = new HistoryQuery(source, Settings);

        var events = await query.RunAsync(Request(HistoryChannel.Events, T0.AddSeconds(110_000), T0.AddSeconds(110_010)), default);
        var late = await query.RunAsync(Request(HistoryChannel.Telemetry, T0.AddSeconds(148_990)), default);

        Assert.Equal(Enumerable.Range(110_000, 11).Where(s => s % 3 == 1).Select(s => (long)s), events!.Items.Select(i => i.SequenceNr));
        Assert.Equal(Enumerable.Range(149_000, 3).First(s => s % 3 == 0), late!.Items[0].SequenceNr);
        output.WriteLine($"two windows across gaps of deleted rows in a 150,000-row journal: {source.Reads} reads, {source.RowsRead} rows");
        // A probe that lands in a gap reads on to the next rows, at most the read journal's buffer of them.
        Assert.True(source.RowsRead < 40 * 500, $"read {source.RowsRead} rows in {source.Reads} reads");
    }

    [Fact]
    public async Task A_page_stops_at_the_scan_limit_with_a_cursor_when_its_channel_is_sparse()
    {
        // Only the first row is an event; then telemetry for a long time, then one more event.
        var rows = Journal(30_000).Select(r => r.SequenceNr is 1 or 30_000 ? r with { Entry = new DeviceEventRecorded("E", RawJson.Parse("{}"), T0.AddSeconds(r.SequenceNr)) }
            : r with { Entry = new ReportedMerged("telemetry", RawJson.Parse("{}"), T0.AddSeconds(r.SequenceNr)) }).ToList();
        var query = new HistoryQuery(new ListHistorySource(rows), Settings);

        var first = await query.RunAsync(Request(HistoryChannel.Events), default);
        var second = await query.RunAsync(Request(HistoryChannel.Events, cursor: first!.NextCursor), default);
        var third = await query.RunAsync(Request(HistoryChannel.Events, cursor: second!.NextCursor), default);

        Assert.Equal([1L], first.Items.Select(i => i.SequenceNr));
        Assert.Equal(10_001, first.NextCursor);
        Assert.Empty(second.Items);
        Assert.Equal(20_001, second.NextCursor);
        Assert.Equal([30_000L], third!.Items.Select(i => i.SequenceNr));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task Entries_within_the_order_slack_are_found_on_both_sides_of_the_window()
    {
        // A coalesced window journaled after an event that arrived later: its time is earlier than its neighbour's.
        var rows = new List<HistoryRow>
        {
            new(1, T0.AddSeconds(1).UtcTicks, new DeviceEventRecorded("E", RawJson.Parse("{}"), T0.AddSeconds(1))),
            new(2, T0.AddSeconds(10.5).UtcTicks, new DeviceEventRecorded("E", RawJson.Parse("{}"), T0.AddSeconds(10.4))),
            new(3, T0.AddSeconds(11).UtcTicks, new ReportedMerged("coalesced", RawJson.EmptyObject, T0.AddSeconds(9.8), Version: 3,
                Fields: [new StoredShadowField("battery", RawJson.Parse("80"), T0.AddSeconds(9.8))])),
            new(4, T0.AddSeconds(30).UtcTicks, new DeviceEventRecorded("E", RawJson.Parse("{}"), T0.AddSeconds(30))),
        };
        var query = new HistoryQuery(new ListHistorySource(rows), Settings);

        var telemetry = await query.RunAsync(Request(HistoryChannel.Telemetry, T0.AddSeconds(9), T0.AddSeconds(10)), default);

        Assert.Equal([3L], telemetry!.Items.Select(i => i.SequenceNr));
    }

    [Fact]
    public async Task A_device_with_no_journal_has_no_history()
    {
        var query = new HistoryQuery(new ListHistorySource([]), Settings);

        Assert.Null(await query.RunAsync(Request(HistoryChannel.Events), default));
    }
}
