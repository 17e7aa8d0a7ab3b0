namespace Gateway.Devices.Actors;

/// <summary>What every device actor on a node shares: profiles, settings, the actors it talks to, and who watches (none in unit tests).</summary>
public sealed record DeviceActorContext(
    DeviceProfiles Profiles,
    DeviceSettings Settings,
    IReadOnlyDictionary<string, CommandSettings> Commands,
    IActorRef MqttOut,
    IActorRef PendingRegistry,
    IReadOnlyDictionary<string, TelemetrySettings>? Telemetry = null,
    Watching.DeviceWatchers? Watchers = null);
