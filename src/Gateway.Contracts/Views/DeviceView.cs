using Gateway.Contracts.Json;

namespace Gateway.Contracts.Views;

/// <summary>What the gateway knows of one device: the HTTP API's body and the retained state publication.</summary>
public sealed record DeviceView(
    string Kind,
    string? Org,
    string Id,
    bool Online,
    DateTimeOffset? LastSeen,
    ShadowView Shadow,
    IReadOnlyList<DeviceEventView> RecentEvents,
    IReadOnlyList<RawJson> RecentTranscript,
    IReadOnlyList<CommandView> PendingCommands,
    IReadOnlyList<RejectionView> RecentRejections,
    RawJson? Extension = null) : IGatewayMessage;

/// <summary>Reported, desired, their difference, a version that grows on each change, and per-field update times.</summary>
public sealed record ShadowView(RawJson Reported, RawJson Desired, RawJson Delta, long Version, RawJson Metadata) : IGatewayMessage;

public sealed record DeviceEventView(string Event, DateTimeOffset ReceivedAt, RawJson Payload);

/// <summary>A message from the device that was refused, with the reason and the topic it came on.</summary>
public sealed record RejectionView(string Reason, string Topic, DateTimeOffset At);
