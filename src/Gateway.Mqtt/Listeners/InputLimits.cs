using Akka.Configuration;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// What one MQTT client may send the embedded broker, from <c>gateway.mqtt.limits</c> (each key
/// documented there). The packet size, the CONNECT deadline and topic aliases are enforced on the
/// wire by <see cref="ListenerGuard"/>; the rest once MQTTnet has read the packet.
/// </summary>
public sealed record InputLimits(
    int MaxPacketBytes,
    TimeSpan ConnectTimeout,
    int MaxConnections,
    int MaxTopicBytes,
    int MaxTopicLevels,
    int PublishRate,
    int PublishBurst,
    TimeSpan MaxKeepAlive,
    ushort TopicAliasMaximum)
{
    /// <summary>MQTT's own ceiling: the remaining length is at most four bytes of seven bits.</summary>
    public const int MqttMaxPacketBytes = 268_435_455 + 5;

    public static InputLimits From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt.limits") ?? throw new ConfigurationException("gateway.mqtt.limits is missing");
        var limits = new InputLimits(
            (int)Math.Min(c.GetByteSize("max-packet-bytes") ?? 0, int.MaxValue),
            c.GetTimeSpan("connect-timeout"),
            c.GetInt("max-connections"),
            c.GetInt("max-topic-bytes"),
            c.GetInt("max-topic-levels"),
            c.GetInt("publish-rate"),
            c.GetInt("publish-burst"),
            c.GetTimeSpan("max-keep-alive"),
            AliasMaximum(c.GetInt("topic-alias-maximum")));
        if (limits.MaxPacketBytes is < 64 or > MqttMaxPacketBytes)
            throw new ArgumentException($"gateway.mqtt.limits.max-packet-bytes must be from 64 bytes to 256 MiB, not {limits.MaxPacketBytes}");
        if (limits.ConnectTimeout <= TimeSpan.Zero || limits.MaxConnections < 1 || limits.MaxTopicBytes < 1 || limits.MaxTopicLevels < 1)
            throw new ArgumentException("gateway.mqtt.limits: connect-timeout, max-connections, max-topic-bytes and max-topic-levels must be positive");
        if (limits.PublishRate < 0 || (limits.PublishRate > 0 && limits.PublishBurst < 1))
            throw new ArgumentException("gateway.mqtt.limits: publish-rate must be 0 (unlimited) or more, and publish-burst at least 1 with a rate");
        if (limits.MaxKeepAlive < TimeSpan.FromSeconds(1) || limits.MaxKeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
            throw new ArgumentException("gateway.mqtt.limits.max-keep-alive must be from 1 s to 65535 s");
        return limits;
    }

    private static ushort AliasMaximum(int value) => value is >= 0 and <= ushort.MaxValue
        ? (ushort)value
        : throw new ArgumentException($"gateway.mqtt.limits.topic-alias-maximum must be from 0 to 65535, not {value}");
}
