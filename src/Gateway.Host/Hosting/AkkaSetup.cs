using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Devices.Watching;
using Gateway.Contracts.Watching;
using Gateway.Host.Configuration;
using Gateway.Mqtt;
using Gateway.Persistence;
using Gateway.Protocols;

namespace Gateway.Host.Hosting;

/// <summary>The actor system: MQTT egress, the device shard region and the pending-commands registry.</summary>
public static class AkkaSetup
{
    public const string SystemName = "gateway";
    public const string Role = "gateway";

    public static IServiceCollection AddGatewayActors(this IServiceCollection services, Akka.Configuration.Config config, ClusterFormationSettings cluster, DeviceProfiles profiles)
    {
        var deviceSettings = DeviceSettings.From(config);
        var commandSettings = profiles.All.ToDictionary(p => p.Kind, p => CommandSettings.For(config, p.Kind));
        var telemetrySettings = profiles.All.ToDictionary(p => p.Kind, p => TelemetrySettings.For(config, p.Kind));
        var extractor = new DeviceMessageExtractor(config.GetInt("gateway.sharding.max-shards"));

        return services.AddSingleton(extractor).AddAkka(SystemName, (akka, sp) =>
        {
            if (config.GetString("gateway.persistence") == "postgres")
                akka.AddSetup(PostgresJournalCopy.Setup(config));
            akka.AddHocon(config, HoconAddMode.Prepend)
                .AddHocon(SqlPluginDefaults.Config, HoconAddMode.Append)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithActors((system, registry) =>
                {
                    registry.Register<MqttEgressActor>(system.ActorOf(MqttEgressActor.Props(sp.GetRequiredService<IMqttTransport>()), "mqtt-egress"));
                    registry.Register<DeviceWatchRegistry>(system.ActorOf(DeviceWatchRegistry.Props(), StartWatching.RegistryName));
                })
                // Every member runs a mediator (role ""), so client processes can subscribe to device changes.
                .WithDistributedPubSub("")
                .WithShardRegion<DeviceRegion>(
                    "device",
                    (system, registry, _) => entityId => DeviceActor.Props(entityId, new DeviceActorContext(
                        profiles, deviceSettings, commandSettings,
                        registry.Get<MqttEgressActor>(),
                        registry.Get<PendingCommandsRegistry>(),
                        telemetrySettings,
                        DeviceWatchers.Get(system))),
                    extractor,
                    // Hand-off and shutdown stop devices with StopDevice, so coalesced telemetry is journaled first.
                    new ShardOptions { StateStoreMode = StateStoreMode.DData, RememberEntities = false, Role = Role, HandOffStopMessage = Gateway.Contracts.Messages.StopDevice.Instance })
                .WithSingleton<PendingCommandsRegistry>(
                    "pending-commands",
                    (_, registry, _) => Props.Create(() => new PendingCommandsRegistry(registry.Get<DeviceRegion>(), deviceSettings.SnapshotEvery)),
                    new ClusterSingletonOptions { Role = Role },
                    createProxyToo: true)
                .WithClusterFormation(cluster, config)
                .AddStartup((system, _) => MemberUpTimes.Record(system));
        });
    }
}
