using Akka.Configuration;
using Gateway.Mqtt.Listeners;
using Gateway.Mqtt.Sessions;

namespace Gateway.Mqtt;

/// <summary>The embedded broker's endpoints and limits, from <c>gateway.mqtt</c> in HOCON.</summary>
public sealed record EmbeddedBrokerSettings(string Bind, int Port, int MaxPendingMessagesPerClient, TlsListenerSettings? Tls, InputLimits Limits, SessionLimits Sessions)
{
    public static EmbeddedBrokerSettings From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt") ?? throw new ConfigurationException("gateway.mqtt is missing");
        return new EmbeddedBrokerSettings(c.GetString("bind"), c.GetInt("port"), c.GetInt("max-pending-messages-per-client"),
            TlsListenerSettings.From(config), InputLimits.From(config), SessionLimits.From(config));
    }

    /// <summary>
    /// Whether the plain listener opens: not when every client must present a certificate, which
    /// only the TLS listener can check.
    /// </summary>
    public bool PlainListener => Tls is not { RequireClientCertificate: true };
}
