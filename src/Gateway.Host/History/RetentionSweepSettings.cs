using Akka.Configuration;

namespace Gateway.Host.History;

/// <summary>How retention's sweeper runs, from <c>gateway.retention</c> in HOCON.</summary>
public sealed record RetentionSweepSettings(TimeSpan Interval, int Batch, TimeSpan DeviceTimeout)
{
    public static RetentionSweepSettings From(Config config)
    {
        var c = config.GetConfig("gateway.retention") ?? throw new ConfigurationException("gateway.retention is missing");
        return new RetentionSweepSettings(c.GetTimeSpan("sweep-interval"), c.GetInt("sweep-batch"), c.GetTimeSpan("sweep-device-timeout"));
    }
}
