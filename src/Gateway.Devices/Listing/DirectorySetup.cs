using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Pattern;

namespace Gateway.Devices.Listing;

/// <summary>The device directory wired once: its projection as a singleton on the gateway role, and the proxy every node asks.</summary>
public static class DirectorySetup
{
    public const string SingletonName = "device-directory";

    /// <param name="readJournalId">The read journal's plugin id: the projection reads the journal the devices write.</param>
    public static AkkaConfigurationBuilder WithDeviceDirectory(this AkkaConfigurationBuilder akka, Config config, DeviceProfiles profiles, string role, string readJournalId)
    {
        var devices = DeviceSettings.From(config);
        var settings = DirectorySettings.From(config);
        return akka.WithSingleton<DirectoryProjection>(
            SingletonName,
            // As for the pending-commands registry: a projection stopped by a failed stream or snapshot
            // starts again once the journal answers, instead of leaving the directory gone until a restart.
            (_, _, _) => BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
                Props.Create(() => new DirectoryProjection(profiles, devices, settings, readJournalId)),
                "projection", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, maxNrOfRetries: -1)),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: true);
    }
}
