using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Gateway.Contracts.Serialization;

namespace Gateway.Devices.Journal;

/// <summary>
/// What device actors and the pending-commands registry journal and snapshot, and the device directory's snapshot. It keeps the
/// identifier and the manifests that every existing journal row names, so a gateway upgraded
/// across the split recovers every device from what it wrote before.
/// </summary>
public sealed class DeviceJournalSerializer(ExtendedActorSystem system)
    : JsonManifestSerializer(system, "device journal", Table)
{
    public const int SerializerId = 4711;

    private static readonly (string, JsonTypeInfo)[] Table =
    [
        ("rm", DeviceJournalJsonContext.Default.ReportedMerged),
        ("de", DeviceJournalJsonContext.Default.DeviceEventRecorded),
        ("tr", DeviceJournalJsonContext.Default.TranscriptRecorded),
        ("du", DeviceJournalJsonContext.Default.DesiredUpdated),
        ("ca", DeviceJournalJsonContext.Default.CommandAccepted),
        ("cs", DeviceJournalJsonContext.Default.CommandAttemptSent),
        ("ck", DeviceJournalJsonContext.Default.CommandAcknowledged),
        ("ct", DeviceJournalJsonContext.Default.CommandTimedOut),
        ("cl", DeviceJournalJsonContext.Default.LateAcknowledgementRecorded),
        ("sn", DeviceJournalJsonContext.Default.DeviceSnapshot),
        ("ex", DeviceJournalJsonContext.Default.FamilyStateRecorded),
        ("rp", DeviceJournalJsonContext.Default.DeviceHasPendingCommands),
        ("rs", DeviceJournalJsonContext.Default.DeviceCommandsSettled),
        ("rn", DeviceJournalJsonContext.Default.PendingCommandsSnapshot),
        ("ds", DeviceJournalJsonContext.Default.DirectorySnapshot),
        ("ra", DeviceJournalJsonContext.Default.RetentionMarked),
    ];

    public override int Identifier => SerializerId;
}
