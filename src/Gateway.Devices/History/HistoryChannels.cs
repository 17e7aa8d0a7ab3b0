namespace Gateway.Devices.History;

/// <summary>
/// Which journal entries belong to which history channel, both as types (for reading through
/// Akka.Persistence.Query) and as the manifests <see cref="DeviceJournalSerializer"/> writes in
/// the journal's manifest column (for retention's deletes, which run as SQL on the table).
/// Commands, desired state and family state are not history: retention never touches them.
/// </summary>
public static class HistoryChannels
{
    public static string NameOf(HistoryChannel channel) => channel switch
    {
        HistoryChannel.Events => "events",
        HistoryChannel.Transcript => "transcript",
        HistoryChannel.Telemetry => "telemetry",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>The channel an entry belongs to, or null for entries that are state rather than history.</summary>
    public static HistoryChannel? Of(object entry) => entry switch
    {
        DeviceEventRecorded => HistoryChannel.Events,
        TranscriptRecorded => HistoryChannel.Transcript,
        ReportedMerged => HistoryChannel.Telemetry,
        _ => null,
    };

    /// <summary>The manifest the journal's rows of <paramref name="channel"/> carry (DeviceJournalSerializer's table).</summary>
    public static string ManifestOf(HistoryChannel channel) => channel switch
    {
        HistoryChannel.Events => "de",
        HistoryChannel.Transcript => "tr",
        HistoryChannel.Telemetry => "rm",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>The manifest of <see cref="RetentionMarked"/>, which a later snapshot always covers.</summary>
    public const string MarkerManifest = "ra";

    public static readonly HistoryChannel[] All = [HistoryChannel.Events, HistoryChannel.Transcript, HistoryChannel.Telemetry];
}
