using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>
/// A telemetry or status payload merged into the reported state, kept as the device sent it;
/// with a section, the payload becomes the reported field of that name instead. A coalesced
/// entry (channel <c>coalesced</c>) holds, in <see cref="Fields"/>, the fields a window changed
/// with their own update times (a null value: the field was removed) and the shadow version they
/// reached, which recovery restores exactly as they were.
/// </summary>
public sealed record ReportedMerged(
    string Channel,
    RawJson Payload,
    DateTimeOffset At,
    string? Section = null,
    long? Version = null,
    IReadOnlyList<StoredShadowField>? Fields = null) : IDeviceJournalEntry;
