using Gateway.Contracts.Json;

namespace Gateway.Contracts.Events;

/// <summary>A telemetry or status payload merged into the reported state, kept as the device sent it.</summary>
public sealed record ReportedMerged(DeviceChannel Channel, RawJson Payload, DateTimeOffset At) : IGatewayMessage;
