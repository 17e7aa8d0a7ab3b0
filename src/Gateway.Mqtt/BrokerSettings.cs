using Akka.Configuration;

namespace Gateway.Mqtt;

/// <summary>The embedded broker's endpoint and limits, from <c>gateway.mqtt</c> in HOCON.</summary>
public sealed record BrokerSettings(string Bind, int Port, int MaxPendingMessagesPerClient)
{
    public static BrokerSettings From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt") ?? throw new ConfigurationException("gateway.mqtt is missing");
        return new BrokerSettings(c.GetString("bind"), c.GetInt("port"), c.GetInt("max-pending-messages-per-client"));
    }
}
