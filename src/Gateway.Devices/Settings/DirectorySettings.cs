using Akka.Configuration;

namespace Gateway.Devices.Settings;

/// <summary>How the device directory keeps its read model, read from <c>gateway.directory</c> in HOCON.</summary>
public sealed record DirectorySettings(TimeSpan SnapshotInterval, int BackfillParallelism)
{
    public static DirectorySettings From(Config config)
    {
        var c = config.GetConfig("gateway.directory") ?? throw new ConfigurationException("gateway.directory is missing");
        var settings = new DirectorySettings(c.GetTimeSpan("snapshot-interval"), c.GetInt("backfill-parallelism"));
        if (settings.SnapshotInterval <= TimeSpan.Zero || settings.BackfillParallelism < 1)
            throw new ConfigurationException("gateway.directory: snapshot-interval must be positive and backfill-parallelism at least 1");
        return settings;
    }
}
