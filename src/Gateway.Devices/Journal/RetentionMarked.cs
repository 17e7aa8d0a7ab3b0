namespace Gateway.Devices.Journal;

/// <summary>
/// Written before the snapshot that lets retention delete older rows. It makes the device's
/// newest row one that never expires before the next snapshot covers it, so the rows retention
/// deletes (always below that snapshot) never include the newest: Akka.Persistence.Sql takes a
/// device's next sequence number from its highest row, which must therefore stay. It changes
/// nothing in the device's state.
/// </summary>
public sealed record RetentionMarked(DateTimeOffset At) : IDeviceJournalEntry;
