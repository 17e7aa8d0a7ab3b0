using Gateway.Contracts.Json;

namespace Gateway.Contracts.Events;

/// <summary>
/// A telemetry or status payload merged into the reported state, kept as the device sent it;
/// with a section, the payload becomes the reported field of that name instead. A coalesced
/// entry (channel <c>coalesced</c>) holds the fields a window changed and the shadow version
/// they reached, which recovery restores as it was.
/// </summary>
public sealed record ReportedMerged(string Channel, RawJson Payload, DateTimeOffset At, string? Section = null, long? Version = null) : IGatewayMessage;
