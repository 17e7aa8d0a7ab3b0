using System.Text.Json.Serialization;
using Gateway.Contracts.Json;

namespace Gateway.Devices.Journal;

/// <summary>
/// A validated command, with the payload exactly as the gateway publishes it to the device.
/// <paramref name="PublishedBy"/> names the MQTT client that published the command on the device's
/// command topic itself, whose publication was the first attempt; null for one submitted to the gateway.
/// </summary>
public sealed record CommandAccepted(
    string CommandId,
    string Command,
    string? CorrelationId,
    RawJson Payload,
    int AckTimeoutMs,
    int MaxAttempts,
    DateTimeOffset At,
    // Left out when null, so that the rows of commands submitted to the gateway stay as they were written.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PublishedBy = null) : IDeviceJournalEntry;

/// <summary>One publication of a command to the device; retries reuse the command id.</summary>
public sealed record CommandAttemptSent(string CommandId, int Attempt, DateTimeOffset At) : IDeviceJournalEntry;

/// <summary>The device answered: success, or failure with its error; with its response data where it sent some.</summary>
public sealed record CommandAcknowledged(string CommandId, DateTimeOffset At, bool Success = true, string? Error = null, RawJson? Response = null) : IDeviceJournalEntry;

public sealed record CommandTimedOut(string CommandId, DateTimeOffset At) : IDeviceJournalEntry;

/// <summary>An answer that arrived after the command had settled; recorded once against it, it changes nothing settled.</summary>
public sealed record LateAcknowledgementRecorded(string CommandId, DateTimeOffset At, bool Success = true, string? Error = null, RawJson? Response = null) : IDeviceJournalEntry;
