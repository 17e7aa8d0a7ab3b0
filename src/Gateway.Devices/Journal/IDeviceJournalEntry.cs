namespace Gateway.Devices.Journal;

/// <summary>
/// Marker for what a device actor or the pending-commands registry writes to the journal and
/// the snapshot store. HOCON binds it to <see cref="DeviceJournalSerializer"/>; nothing outside
/// the gateway sends or receives these, so they change only with the gateway's own recovery.
/// </summary>
public interface IDeviceJournalEntry;
