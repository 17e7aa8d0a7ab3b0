using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>One line of a device's voice transcript.</summary>
public sealed record TranscriptRecorded(RawJson Payload, DateTimeOffset At) : IDeviceJournalEntry;
