using Gateway.Contracts.Json;

namespace Gateway.Protocols;

/// <summary>
/// What a device said when it answered a command: which command (by the gateway's command id,
/// or by name and the family's correlation id, such as a drone's mission id), whether it
/// succeeded, the device's error and its response data.
/// </summary>
public readonly record struct CommandAcknowledgement(
    string? Command,
    string? CommandId,
    string? CorrelationId,
    bool Success = true,
    string? Error = null,
    RawJson? Response = null);
