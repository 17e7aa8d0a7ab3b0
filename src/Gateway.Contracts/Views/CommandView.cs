using Gateway.Contracts.Json;

namespace Gateway.Contracts.Views;

/// <summary>
/// One command's lifecycle: published on the command's gateway topic and answered by the API.
/// <see cref="Status"/> is spelled as the device's family spells it; <see cref="Outcome"/> is the
/// same end in the gateway's own words for every family (<see cref="CommandStatus.Acknowledged"/>,
/// <see cref="CommandStatus.Failed"/>, <see cref="CommandStatus.TimedOut"/>), null until settled.
/// <see cref="PublishedBy"/> is the MQTT client that published the command on the device's command
/// topic itself (its publication was attempt 1); null for a command submitted to the gateway.
/// </summary>
public sealed record CommandView(
    string CommandId,
    string Command,
    string? CorrelationId,
    string Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? SettledAt,
    int AckTimeoutMs,
    int MaxAttempts,
    IReadOnlyList<CommandAttemptView> Attempts,
    DateTimeOffset? LateAcknowledgedAt,
    RawJson Payload,
    string? Error = null,
    RawJson? Response = null,
    string? Outcome = null,
    string? PublishedBy = null) : IGatewayMessage;

public sealed record CommandAttemptView(int Attempt, DateTimeOffset SentAt);

/// <summary>The spelling of each status, shared by the API, the MQTT publications and the journal.</summary>
public static class CommandStatus
{
    /// <summary>Accepted and persisted, waiting to be (re)sent.</summary>
    public const string Pending = "pending";
    /// <summary>Published to the device, waiting for its acknowledgement.</summary>
    public const string Sent = "sent";
    public const string Acknowledged = "acknowledged";
    /// <summary>The device answered that it could not carry the command out.</summary>
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
}
