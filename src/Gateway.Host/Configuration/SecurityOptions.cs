namespace Gateway.Host.Configuration;

/// <summary>
/// Who may connect and what a listener accepts: the command-line options and environment
/// variables of authentication, authorization, TLS and input limits, each setting the HOCON key
/// its help line names. Files are checked when the configuration is loaded, so a missing one stops the start.
/// </summary>
public static class SecurityOptions
{
    public const string Usage = """

        Security (README, "Securing the gateway"):
          --password-file <file>        MQTT users, in mosquitto's password file format (mosquitto_passwd, or Gateway.Host passwd)
                                        (gateway.security.password-file, GATEWAY_PASSWORD_FILE)
          --policy-file <file>          who may publish and subscribe to what, in mosquitto's acl_file format
                                        (gateway.security.policy-file, GATEWAY_POLICY_FILE)
          --api-keys <file>             HTTP API keys and their roles (gateway.security.api-keys, GATEWAY_API_KEYS)
          --tls-port <port>             the embedded broker's TLS listener (gateway.mqtt.tls.port, GATEWAY_TLS_PORT; default 8883)
          --tls-cert <file>             PEM server certificate; opens the TLS listener (gateway.mqtt.tls.cert, GATEWAY_TLS_CERT)
          --tls-key <file>              PEM private key of --tls-cert (gateway.mqtt.tls.key, GATEWAY_TLS_KEY)
          --tls-ca <file>               PEM CA certificate(s) client certificates must chain to (gateway.mqtt.tls.ca, GATEWAY_TLS_CA)
          --tls-client-certs <require|accept>  whether TLS clients must present a certificate (gateway.mqtt.tls.client-certificates,
                                        GATEWAY_TLS_CLIENT_CERTS; default accept: a client without one logs in with a password)
        """;

    /// <summary>Option, environment variable, HOCON key.</summary>
    public static readonly (string Option, string Variable, string Key)[] All =
    [
        ("--password-file", "GATEWAY_PASSWORD_FILE", "gateway.security.password-file"),
        ("--policy-file", "GATEWAY_POLICY_FILE", "gateway.security.policy-file"),
        ("--api-keys", "GATEWAY_API_KEYS", "gateway.security.api-keys"),
        ("--tls-port", "GATEWAY_TLS_PORT", "gateway.mqtt.tls.port"),
        ("--tls-cert", "GATEWAY_TLS_CERT", "gateway.mqtt.tls.cert"),
        ("--tls-key", "GATEWAY_TLS_KEY", "gateway.mqtt.tls.key"),
        ("--tls-ca", "GATEWAY_TLS_CA", "gateway.mqtt.tls.ca"),
        ("--tls-client-certs", "GATEWAY_TLS_CLIENT_CERTS", "gateway.mqtt.tls.client-certificates"),
    ];

    /// <summary>The HOCON key <paramref name="option"/> sets, or null when it is not one of these.</summary>
    public static string? KeyOf(string option) => Array.Find(All, o => o.Option == option).Key;

    /// <summary>The value, when it is acceptable for <paramref name="option"/>; an <see cref="ArgumentException"/> otherwise.</summary>
    public static string Check(string option, string value)
    {
        if (option == "--tls-port" && !(int.TryParse(value, out var port) && port is >= 0 and <= 65535))
            throw new ArgumentException($"--tls-port must be a port number from 0 to 65535, not '{value}'");
        if (option == "--tls-client-certs" && value is not ("require" or "accept"))
            throw new ArgumentException($"--tls-client-certs must be 'require' or 'accept', not '{value}'");
        return value;
    }
}
