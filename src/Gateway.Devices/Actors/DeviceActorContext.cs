namespace Gateway.Devices.Actors;

/// <summary>What every device actor on a node shares: profiles, settings and the actors it talks to.</summary>
public sealed record DeviceActorContext(
    DeviceProfiles Profiles,
    DeviceSettings Settings,
    IReadOnlyDictionary<string, CommandSettings> Commands,
    IActorRef MqttOut,
    IActorRef PendingRegistry,
    IReadOnlyDictionary<string, TelemetrySettings>? Telemetry = null);
