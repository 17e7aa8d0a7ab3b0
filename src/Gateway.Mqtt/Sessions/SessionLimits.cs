using Akka.Configuration;

namespace Gateway.Mqtt.Sessions;

/// <summary>How many persistent sessions the embedded broker keeps and how long, from <c>gateway.mqtt.sessions</c> (each key documented there).</summary>
public sealed record SessionLimits(int MaxPersistent, TimeSpan MaxExpiry)
{
    public static SessionLimits From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt.sessions") ?? throw new ConfigurationException("gateway.mqtt.sessions is missing");
        var limits = new SessionLimits(c.GetInt("max-persistent"), c.GetTimeSpan("max-expiry"));
        if (limits.MaxPersistent < 0)
            throw new ArgumentException($"gateway.mqtt.sessions.max-persistent must be 0 (none) or more, not {limits.MaxPersistent}");
        if (limits.MaxExpiry < TimeSpan.FromSeconds(1) || limits.MaxExpiry.TotalSeconds >= uint.MaxValue)
            throw new ArgumentException($"gateway.mqtt.sessions.max-expiry must be from 1 s to about 136 years, not {limits.MaxExpiry}");
        return limits;
    }

    public uint MaxExpirySeconds => (uint)MaxExpiry.TotalSeconds;
}
