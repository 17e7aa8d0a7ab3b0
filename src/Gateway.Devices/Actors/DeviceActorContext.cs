using Akka.Configuration;
using Gateway.Devices.Watching;

namespace Gateway.Devices.Actors;

/// <summary>What every device actor on a node shares: profiles, settings, the actors it talks to, and who watches (none in unit tests).</summary>
public sealed record DeviceActorContext(
    DeviceProfiles Profiles,
    DeviceSettings Settings,
    IReadOnlyDictionary<string, CommandSettings> Commands,
    IReadOnlyDictionary<string, TelemetrySettings> Telemetry,
    IActorRef MqttOut,
    IActorRef PendingRegistry,
    DeviceWatchers? Watchers = null)
{
    /// <summary>The context <paramref name="config"/> describes, with each registered family's command and telemetry settings.</summary>
    public static DeviceActorContext Create(Config config, DeviceProfiles profiles, IActorRef mqttOut, IActorRef pendingRegistry, DeviceWatchers? watchers = null) =>
        new(profiles,
            DeviceSettings.From(config),
            profiles.All.ToDictionary(p => p.Kind, p => CommandSettings.For(config, p.Kind)),
            profiles.All.ToDictionary(p => p.Kind, p => TelemetrySettings.For(config, p.Kind)),
            mqttOut,
            pendingRegistry,
            watchers);
}
