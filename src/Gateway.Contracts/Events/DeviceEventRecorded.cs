using Gateway.Contracts.Json;

namespace Gateway.Contracts.Events;

/// <summary>A device event (a mission-critical event, an acknowledgement) as the device sent it.</summary>
public sealed record DeviceEventRecorded(string Event, RawJson Payload, DateTimeOffset At) : IGatewayMessage;
