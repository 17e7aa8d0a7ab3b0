using System.Text.Json.Serialization;
using Gateway.Protocols.FamilyState;

namespace Gateway.Devices.Journal;

/// <summary>
/// Source-generated metadata for the journal's entries, with the same conventions as the
/// gateway's messages (snake_case, nulls written) so that rows written before the split read
/// back byte for byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReportedMerged))]
[JsonSerializable(typeof(DeviceEventRecorded))]
[JsonSerializable(typeof(TranscriptRecorded))]
[JsonSerializable(typeof(DesiredUpdated))]
[JsonSerializable(typeof(CommandAccepted))]
[JsonSerializable(typeof(CommandAttemptSent))]
[JsonSerializable(typeof(CommandAcknowledged))]
[JsonSerializable(typeof(CommandTimedOut))]
[JsonSerializable(typeof(LateAcknowledgementRecorded))]
[JsonSerializable(typeof(DeviceSnapshot))]
[JsonSerializable(typeof(FamilyStateRecorded))]
[JsonSerializable(typeof(DeviceHasPendingCommands))]
[JsonSerializable(typeof(DeviceCommandsSettled))]
[JsonSerializable(typeof(PendingCommandsSnapshot))]
[JsonSerializable(typeof(DirectorySnapshot))]
[JsonSerializable(typeof(RetentionMarked))]
public sealed partial class DeviceJournalJsonContext : JsonSerializerContext;
