using Gateway.Contracts;

namespace Gateway.Protocols;

/// <summary>
/// A parsed device topic: the device (null when the payload names it), the channel, and a
/// section where the family splits a channel (a named shadow, a telemetry group).
/// </summary>
public readonly record struct TopicMatch(DeviceKey? Key, string Channel, string? Section = null);
