using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>
/// The device directory as its projection saves it: every device it knows, how far it has read
/// each family's tagged events (the journal's ordering, per tag), and whether it has read the
/// devices journaled before their entries were tagged (<see cref="Backfilled"/>).
/// </summary>
public sealed record DirectorySnapshot(
    IReadOnlyList<DirectoryRow> Devices,
    IReadOnlyList<TagOffset> Offsets,
    bool Backfilled) : IDeviceJournalEntry;

/// <summary>One device: its entity id, when it was last heard from, and a WarDragon kit's last data.</summary>
public sealed record DirectoryRow(string EntityId, DateTimeOffset? LastSeen, string? LastChannel = null, DateTimeOffset? LastDataAt = null, RawJson? LastData = null);

/// <summary>The ordering of the last event of <see cref="Tag"/> the directory has applied.</summary>
public sealed record TagOffset(string Tag, long Offset);
