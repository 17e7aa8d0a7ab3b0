using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Gateway.Contracts.Watching;
using Gateway.Devices.Listing;
using Gateway.Devices.Sharding;
using Gateway.Devices.Watching;
using Gateway.Host.Configuration;
using Gateway.Host.History;
using Gateway.Mqtt;
using Gateway.Persistence;
using Gateway.Protocols;

namespace Gateway.Host.Hosting;

/// <summary>The actor system: MQTT egress, device watches, the devices (shard region and pending-commands registry), the device directory, retention's sweeper and cluster formation.</summary>
public static class AkkaSetup
{
    public const string SystemName = "gateway";
    public const string Role = Gateway.Devices.Watching.DeviceWatchSubscriber.GatewayRole;

    public static IServiceCollection AddGatewayActors(this IServiceCollection services, Akka.Configuration.Config config, ClusterFormationSettings cluster, DeviceProfiles profiles)
    {
        return services.AddSingleton(DeviceSharding.Extractor(config)).AddAkka(SystemName, (akka, sp) =>
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
                .WithDeviceSharding<MqttEgressActor>(config, profiles, Role)
                .WithDeviceDirectory(config, profiles, Role, QueryJournal.PluginId)
                .WithRetentionSweeper(config, profiles, Role)
                .WithClusterFormation(cluster, config)
                .AddStartup((system, _) => MemberUpTimes.Record(system));
        });
    }
}
