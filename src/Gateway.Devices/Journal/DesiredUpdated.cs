using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>A JSON object merged into the desired state; a null value removed its key.</summary>
public sealed record DesiredUpdated(RawJson Desired, DateTimeOffset At) : IDeviceJournalEntry;
