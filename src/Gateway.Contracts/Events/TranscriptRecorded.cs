using Gateway.Contracts.Json;

namespace Gateway.Contracts.Events;

/// <summary>One line of a device's voice transcript.</summary>
public sealed record TranscriptRecorded(RawJson Payload, DateTimeOffset At) : IGatewayMessage;
