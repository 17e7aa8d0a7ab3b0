namespace Gateway.Devices.Journal;

/// <summary>
/// The registry's journal: which devices have commands in flight, so that a restarted gateway
/// wakes exactly those devices and their acknowledgement timers and retries go on.
/// </summary>
public sealed record DeviceHasPendingCommands(string EntityId) : IDeviceJournalEntry;

public sealed record DeviceCommandsSettled(string EntityId) : IDeviceJournalEntry;

/// <summary>The registry's state, so that its journal is read from the last snapshot rather than from the first event.</summary>
public sealed record PendingCommandsSnapshot(IReadOnlyList<string> EntityIds) : IDeviceJournalEntry;
