using System.Text.Json.Serialization;
using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>
/// The whole device state, saved every N events so that recovery replays only the tail.
/// <see cref="RecentTranscriptAt"/> holds when each of <see cref="RecentTranscript"/>'s lines was
/// received (retention prunes them by it); snapshots written before it existed have none.
/// </summary>
public sealed record DeviceSnapshot(
    IReadOnlyList<StoredShadowField> Reported,
    IReadOnlyList<StoredShadowField> Desired,
    long Version,
    DateTimeOffset? LastSeen,
    IReadOnlyList<StoredDeviceEvent> RecentEvents,
    IReadOnlyList<RawJson> RecentTranscript,
    IReadOnlyList<StoredCommand> Commands,
    RawJson? Extension = null,
    // Left out when null, so that snapshots written before it are written again as they were.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DateTimeOffset>? RecentTranscriptAt = null) : IDeviceJournalEntry;

/// <summary>One reported or desired field with its own update time.</summary>
public sealed record StoredShadowField(string Name, RawJson Value, DateTimeOffset UpdatedAt);

/// <summary>One of the device's recent events, as <see cref="DeviceEventRecorded"/> journaled it.</summary>
public sealed record StoredDeviceEvent(string Event, DateTimeOffset ReceivedAt, RawJson Payload);
