using Akka.Configuration;

namespace Gateway.Devices.Settings;

/// <summary>How device actors behave, read from <c>gateway.devices</c> in HOCON.</summary>
public sealed record DeviceSettings(
    TimeSpan OfflineAfter,
    TimeSpan ConnectivityCheckInterval,
    TimeSpan PassivateAfter,
    int SnapshotEvery,
    int RecentEvents,
    int RecentTranscript,
    int RecentRejections,
    int CommandHistory,
    TimeSpan StatePublishInterval)
{
    public static DeviceSettings From(Config config)
    {
        var c = config.GetConfig("gateway.devices") ?? throw new ConfigurationException("gateway.devices is missing");
        return new DeviceSettings(
            c.GetTimeSpan("offline-after"),
            c.GetTimeSpan("connectivity-check-interval"),
            c.GetTimeSpan("passivate-after"),
            c.GetInt("snapshot-every"),
            c.GetInt("recent-events"),
            c.GetInt("recent-transcript"),
            c.GetInt("recent-rejections"),
            c.GetInt("command-history"),
            c.GetTimeSpan("state-publish-interval"));
    }
}
