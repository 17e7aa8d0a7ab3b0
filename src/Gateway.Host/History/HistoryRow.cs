namespace Gateway.Host.History;

/// <summary>One journal row as the read journal gives it: its sequence number, the time the journal wrote it (ticks) and the entry.</summary>
public sealed record HistoryRow(long SequenceNr, long WrittenTicks, object Entry);
