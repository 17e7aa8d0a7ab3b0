using Akka.Cluster.Hosting;
using Akka.Hosting;
using Gateway.Devices.Settings;
using Gateway.Devices.Sharding;
using Gateway.Persistence;
using Gateway.Protocols;

namespace Gateway.Host.History;

public static class RetentionSetup
{
    /// <summary>
    /// Retention's sweeper, one per cluster on the members with <paramref name="role"/>; none at
    /// all when every family keeps everything.
    /// </summary>
    public static AkkaConfigurationBuilder WithRetentionSweeper(this AkkaConfigurationBuilder akka, Akka.Configuration.Config config, DeviceProfiles profiles, string role)
    {
        var families = profiles.All.ToDictionary(p => p.Kind, p => RetentionSettings.For(config, p.Kind));
        if (families.Values.All(r => r.KeepsEverything))
            return akka;
        var settings = RetentionSweepSettings.From(config);
        var journal = JournalRetention.From(config);
        return akka.WithSingleton<RetentionSweeper>(
            "retention-sweeper",
            (_, registry, _) => RetentionSweeper.Props(registry.Get<DeviceRegion>(), journal, families, settings),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);
    }
}
