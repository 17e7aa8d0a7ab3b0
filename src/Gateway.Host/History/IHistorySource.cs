namespace Gateway.Host.History;

/// <summary>A device's journal as a history query reads it: bounded ranges of sequence numbers.</summary>
public interface IHistorySource
{
    /// <summary>The highest sequence number the device's journal holds; 0 for a device with none.</summary>
    Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken ct);

    /// <summary>Up to <paramref name="max"/> rows with sequence numbers in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    Task<IReadOnlyList<HistoryRow>> ReadAsync(string persistenceId, long from, long to, int max, CancellationToken ct);
}
