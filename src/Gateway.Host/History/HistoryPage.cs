namespace Gateway.Host.History;

/// <summary>
/// The entries found, oldest first, and where the next page starts: null when the window is
/// read to its end. A page can hold fewer than the limit (even none) and still have a next one,
/// when the rows scanned for it reached the scan limit.
/// </summary>
public sealed record HistoryPage(IReadOnlyList<HistoryRow> Items, long? NextCursor);
