using Gateway.Host.History;

namespace Gateway.Tests.History;

/// <summary>
/// A device journal held in a list, read the way the read journal reads it (bounded ranges of
/// sequence numbers), counting the rows the database would read: Akka.Persistence.Sql queries a
/// range with a limit of its max-buffer-size (500), whatever the stream takes of them.
/// </summary>
internal sealed class ListHistorySource(IReadOnlyList<HistoryRow> rows) : IHistorySource
{
    private const int MaxBufferSize = 500;

    public long RowsRead { get; private set; }
    public int Reads { get; private set; }

    public Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken ct) =>
        Task.FromResult(rows.Count == 0 ? 0 : rows[^1].SequenceNr);

    public Task<IReadOnlyList<HistoryRow>> ReadAsync(string persistenceId, long from, long to, int max, CancellationToken ct)
    {
        var inRange = rows.Where(r => r.SequenceNr >= from && r.SequenceNr <= to).ToArray();
        IReadOnlyList<HistoryRow> found = inRange.Take(max).ToArray();
        RowsRead += Math.Min(inRange.Length, MaxBufferSize);
        Reads++;
        return Task.FromResult(found);
    }
}
