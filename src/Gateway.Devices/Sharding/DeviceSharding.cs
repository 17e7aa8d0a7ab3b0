using Akka.Cluster.Hosting;
using Akka.Pattern;
using Akka.Configuration;
using Akka.Hosting;
using Gateway.Devices.Actors;
using Gateway.Devices.Watching;

namespace Gateway.Devices.Sharding;

/// <summary>
/// The device shard region, wired once: its name, extractor, hand-off message and state store
/// for the nodes that host devices, and the proxy form for processes that only talk to them.
/// Idle devices passivate themselves (<c>gateway.devices.passivate-after</c>), because one
/// with commands in flight must stay; remember-entities stays off, since the pending-commands
/// registry wakes exactly the devices that have work left.
/// </summary>
public static class DeviceSharding
{
    public const string TypeName = "device";

    /// <summary>
    /// Hosts devices on the members with <paramref name="role"/>: the shard region and the
    /// pending-commands singleton (with its proxy) that wakes devices with commands in flight.
    /// <typeparamref name="TMqttOut"/> is the registry key of the actor that publishes to MQTT.
    /// </summary>
    public static AkkaConfigurationBuilder WithDeviceSharding<TMqttOut>(this AkkaConfigurationBuilder akka, Config config, DeviceProfiles profiles, string role)
    {
        var snapshotEvery = DeviceSettings.From(config).SnapshotEvery;
        return akka
            .WithShardRegion<DeviceRegion>(
                TypeName,
                (system, registry, _) =>
                {
                    // Built at the first device, once the egress and the singleton proxy are registered; a
                    // race between two shards' first devices builds two equal contexts, which is harmless.
                    DeviceActorContext? context = null;
                    return entityId => DeviceActor.Props(entityId, context ??= DeviceActorContext.Create(
                        config, profiles, registry.Get<TMqttOut>(), registry.Get<PendingCommandsRegistry>(), DeviceWatchers.Get(system)));
                },
                Extractor(config),
                // Hand-off and shutdown stop devices with StopDevice, so coalesced telemetry is journaled first.
                new ShardOptions { StateStoreMode = StateStoreMode.DData, RememberEntities = false, Role = role, HandOffStopMessage = StopDevice.Instance })
            .WithSingleton<PendingCommandsRegistry>(
                "pending-commands",
                // A persistent actor stops when a write fails (the journal down); under a backoff
                // supervisor it starts again and recovers once the journal answers, instead of
                // leaving the singleton gone until the node restarts.
                (_, registry, _) => BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
                    Props.Create(() => new PendingCommandsRegistry(registry.Get<DeviceRegion>(), snapshotEvery)),
                    "registry", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1)),
                new ClusterSingletonOptions { Role = role },
                createProxyToo: true);
    }

    /// <summary>Talks to the devices hosted on members with <paramref name="gatewayRole"/>, hosting none.</summary>
    public static AkkaConfigurationBuilder WithDeviceShardingProxy(this AkkaConfigurationBuilder akka, string gatewayRole, int maxShards) =>
        akka.WithShardRegionProxy<DeviceRegion>(TypeName, gatewayRole, new DeviceMessageExtractor(maxShards));

    /// <summary>The extractor for <c>gateway.sharding.max-shards</c>: every member and client must use the same number.</summary>
    public static DeviceMessageExtractor Extractor(Config config) => new(config.GetInt("gateway.sharding.max-shards"));
}
