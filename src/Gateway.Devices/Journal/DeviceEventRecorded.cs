using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>A device event (a mission-critical event, an acknowledgement) as the device sent it.</summary>
public sealed record DeviceEventRecorded(string Event, RawJson Payload, DateTimeOffset At) : IDeviceJournalEntry;
