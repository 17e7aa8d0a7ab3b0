using Gateway.Devices.History;

namespace Gateway.Host.History;

/// <summary>
/// One page of a device's history: entries of <paramref name="Channel"/> whose own time is in
/// [<paramref name="Since"/>, <paramref name="Until"/>] (either open), from sequence number
/// <paramref name="Cursor"/> on when continuing, at most <paramref name="Limit"/> of them.
/// </summary>
public sealed record HistoryRequest(
    string PersistenceId,
    HistoryChannel Channel,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    long? Cursor,
    int Limit);
