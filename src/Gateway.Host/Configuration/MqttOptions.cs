using Gateway.Mqtt;

namespace Gateway.Host.Configuration;

/// <summary>
/// The MQTT transport's command-line options and environment variables, each setting the HOCON
/// key under <c>gateway.mqtt</c> its help line names. Values that can be checked alone are checked
/// here, so a typo is an option error; the rest are checked with the whole configuration.
/// </summary>
public static class MqttOptions
{
    public const string Usage = """
          --mqtt <embedded|external>    MQTT transport: the embedded broker (one node) or an external broker (gateway.mqtt.mode, GATEWAY_MQTT; default embedded)
          --broker <url>                external broker, mqtt://HOST[:PORT] (1883) or mqtts://HOST[:PORT] (8883) (gateway.mqtt.external.broker, GATEWAY_BROKER)
          --broker-ca <file>            PEM CA certificate(s) trusted for an mqtts broker, instead of the system's (gateway.mqtt.external.ca, GATEWAY_BROKER_CA)
          --broker-username <name>      broker user name (gateway.mqtt.external.username, GATEWAY_BROKER_USERNAME)
          --broker-password <password>  broker password (gateway.mqtt.external.password, GATEWAY_BROKER_PASSWORD: safer, a command line is visible to other users)
          --broker-cert <file>          PEM client certificate for an mqtts broker (gateway.mqtt.external.client-cert, GATEWAY_BROKER_CERT)
          --broker-key <file>           PEM private key of --broker-cert (gateway.mqtt.external.client-key, GATEWAY_BROKER_KEY)
          --share-group <name>          MQTT 5 shared-subscription group of the gateway's nodes (gateway.mqtt.external.share-group, GATEWAY_SHARE_GROUP; default gateway)
        """;

    /// <summary>Option, environment variable, HOCON key.</summary>
    public static readonly (string Option, string Variable, string Key)[] All =
    [
        ("--mqtt", "GATEWAY_MQTT", "gateway.mqtt.mode"),
        ("--broker", "GATEWAY_BROKER", "gateway.mqtt.external.broker"),
        ("--broker-ca", "GATEWAY_BROKER_CA", "gateway.mqtt.external.ca"),
        ("--broker-username", "GATEWAY_BROKER_USERNAME", "gateway.mqtt.external.username"),
        ("--broker-password", "GATEWAY_BROKER_PASSWORD", "gateway.mqtt.external.password"),
        ("--broker-cert", "GATEWAY_BROKER_CERT", "gateway.mqtt.external.client-cert"),
        ("--broker-key", "GATEWAY_BROKER_KEY", "gateway.mqtt.external.client-key"),
        ("--share-group", "GATEWAY_SHARE_GROUP", "gateway.mqtt.external.share-group"),
    ];

    /// <summary>The HOCON key <paramref name="option"/> sets, or null when it is not one of these.</summary>
    public static string? KeyOf(string option) => Array.Find(All, o => o.Option == option).Key;

    /// <summary>The value, when it is acceptable for <paramref name="option"/>; an <see cref="ArgumentException"/> otherwise.</summary>
    public static string Check(string option, string value)
    {
        if (option == "--mqtt" && value is not ("embedded" or "external"))
            throw new ArgumentException($"--mqtt must be 'embedded' or 'external', not '{value}'");
        if (option == "--broker")
            BrokerUrl.Parse(value);
        return value;
    }
}
