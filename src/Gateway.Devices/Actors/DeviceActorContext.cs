using Akka.Configuration;
using Gateway.Devices.Watching;

namespace Gateway.Devices.Actors;

/// <summary>
/// What every device actor on a node shares: profiles, settings, the actors it talks to, who
/// watches (none in unit tests), and each family's retention (none given: everything is kept).
/// </summary>
public sealed record DeviceActorContext(
    DeviceProfiles Profiles,
    DeviceSettings Settings,
    IReadOnlyDictionary<string, CommandSettings> Commands,
    IReadOnlyDictionary<string, TelemetrySettings> Telemetry,
    IReadOnlyDictionary<string, PayloadLimit> PayloadLimits,
    IActorRef MqttOut,
    IActorRef PendingRegistry,
    DeviceWatchers? Watchers = null,
    IReadOnlyDictionary<string, RetentionSettings>? Retention = null)
{
    /// <summary>The context <paramref name="config"/> describes, with each registered family's command and telemetry settings and payload limit.</summary>
    public static DeviceActorContext Create(Config config, DeviceProfiles profiles, IActorRef mqttOut, IActorRef pendingRegistry, DeviceWatchers? watchers = null) =>
        new(profiles,
            DeviceSettings.From(config),
            profiles.All.ToDictionary(p => p.Kind, p => CommandSettings.For(config, p.Kind)),
            profiles.All.ToDictionary(p => p.Kind, p => TelemetrySettings.For(config, p.Kind)),
            profiles.All.ToDictionary(p => p.Kind, p => PayloadLimit.For(config, p.Kind)),
            mqttOut,
            pendingRegistry,
            watchers,
            profiles.All.ToDictionary(p => p.Kind, p => RetentionSettings.For(config, p.Kind)));
}
