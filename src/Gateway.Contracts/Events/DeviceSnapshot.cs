using Gateway.Contracts.Json;
using Gateway.Contracts.Views;

namespace Gateway.Contracts.Events;

/// <summary>The whole device state, saved every N events so that recovery replays only the tail.</summary>
public sealed record DeviceSnapshot(
    IReadOnlyList<ShadowFieldSnapshot> Reported,
    IReadOnlyList<ShadowFieldSnapshot> Desired,
    long Version,
    DateTimeOffset? LastSeen,
    IReadOnlyList<DeviceEventView> RecentEvents,
    IReadOnlyList<RawJson> RecentTranscript,
    IReadOnlyList<CommandView> Commands,
    RawJson? Extension = null) : IGatewayMessage;

public sealed record ShadowFieldSnapshot(string Name, RawJson Value, DateTimeOffset UpdatedAt);
