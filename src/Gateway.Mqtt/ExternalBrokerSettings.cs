using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;

namespace Gateway.Mqtt;

/// <summary>
/// The external broker and how to reach it, from <c>gateway.mqtt.external</c> in HOCON (each key
/// documented there). Certificate files are read here, so a missing or unreadable one stops the start.
/// </summary>
public sealed record ExternalBrokerSettings(
    BrokerUrl Broker,
    X509Certificate2Collection? TrustedCa,
    X509Certificate2? ClientCertificate,
    string? Username,
    string? Password,
    string ShareGroup,
    string ClientId,
    bool Mqtt5,
    TimeSpan ReconnectBackoff,
    TimeSpan ReconnectBackoffMax,
    TimeSpan KeepAlive,
    TimeSpan Timeout)
{
    public static ExternalBrokerSettings From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt.external") ?? throw new ConfigurationException("gateway.mqtt.external is missing");
        var url = c.GetString("broker");
        if (string.IsNullOrWhiteSpace(url))
            throw new ArgumentException("the external MQTT mode needs a broker: --broker mqtt://HOST:PORT (GATEWAY_BROKER, gateway.mqtt.external.broker)");
        var broker = BrokerUrl.Parse(url);

        var ca = Optional(c, "ca");
        var cert = Optional(c, "client-cert");
        var key = Optional(c, "client-key");
        if (!broker.Tls && (ca ?? cert) is not null)
            throw new ArgumentException($"a CA or client certificate needs TLS: the broker is {broker}; write mqtts://");
        if ((cert is null) != (key is null))
            throw new ArgumentException("a client certificate needs both --broker-cert and --broker-key (gateway.mqtt.external.client-cert, client-key)");

        var group = c.GetString("share-group");
        if (string.IsNullOrEmpty(group) || group.AsSpan().ContainsAny('/', '+', '#'))
            throw new ArgumentException($"the share group must be a non-empty name without '/', '+' or '#', not '{group}'");
        var version = c.GetString("protocol-version");
        if (version is not ("5" or "3.1.1"))
            throw new ArgumentException($"gateway.mqtt.external.protocol-version must be 5 or 3.1.1, not '{version}'");
        var clientId = Optional(c, "client-id") ?? $"gateway-{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

        var settings = new ExternalBrokerSettings(
            broker,
            ca is null ? null : PemFiles.ReadCertificates(ca, "broker CA"),
            cert is null ? null : PemFiles.ReadCertificateWithKey(cert, key!, "client certificate"),
            Optional(c, "username"),
            Optional(c, "password"),
            group,
            clientId,
            version == "5",
            c.GetTimeSpan("reconnect-backoff"),
            c.GetTimeSpan("reconnect-backoff-max"),
            c.GetTimeSpan("keep-alive"),
            c.GetTimeSpan("timeout"));
        if (settings.ReconnectBackoff <= TimeSpan.Zero || settings.ReconnectBackoffMax < settings.ReconnectBackoff || settings.Timeout <= TimeSpan.Zero)
            throw new ConfigurationException("gateway.mqtt.external: reconnect-backoff and timeout must be positive, reconnect-backoff-max at least reconnect-backoff");
        return settings;
    }

    private static string? Optional(Config c, string key) => c.GetString(key) is { Length: > 0 } value ? value : null;

    /// <summary>The settings as a log line shows them: never the password.</summary>
    public override string ToString() =>
        $"{Broker} as {ClientId} (MQTT {(Mqtt5 ? "5" : "3.1.1")}{(Username is null ? "" : $", user {Username}")}{(ClientCertificate is null ? "" : ", client certificate")}{(Mqtt5 ? $", share group {ShareGroup}" : "")})";
}
