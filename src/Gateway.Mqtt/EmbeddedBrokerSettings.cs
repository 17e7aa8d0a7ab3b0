using Akka.Configuration;

namespace Gateway.Mqtt;

/// <summary>The embedded broker's endpoint and limits, from <c>gateway.mqtt</c> in HOCON.</summary>
public sealed record EmbeddedBrokerSettings(string Bind, int Port, int MaxPendingMessagesPerClient)
{
    public static EmbeddedBrokerSettings From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt") ?? throw new ConfigurationException("gateway.mqtt is missing");
        return new EmbeddedBrokerSettings(c.GetString("bind"), c.GetInt("port"), c.GetInt("max-pending-messages-per-client"));
    }
}
