using System.Text.Json.Serialization;
using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>
/// One command as a snapshot keeps it. <see cref="Status"/> is always the gateway's own status
/// name (<see cref="Gateway.Contracts.Views.CommandStatus"/>), never a family's spelling, so a
/// family that renames its statuses reads its old snapshots unchanged.
/// </summary>
public sealed record StoredCommand(
    string CommandId,
    string Command,
    string? CorrelationId,
    string Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? SettledAt,
    int AckTimeoutMs,
    int MaxAttempts,
    IReadOnlyList<StoredCommandAttempt> Attempts,
    DateTimeOffset? LateAcknowledgedAt,
    RawJson Payload,
    string? Error = null,
    RawJson? Response = null,
    // Left out when null, so that snapshots of commands submitted to the gateway stay as they were written.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PublishedBy = null);

public sealed record StoredCommandAttempt(int Attempt, DateTimeOffset SentAt);
