using System.Net;
using Akka.Configuration;

namespace Gateway.Host.Configuration;

/// <summary>
/// Who can reach the MQTT and HTTP listeners. With no authentication configured the gateway, as
/// mosquitto 2 does, listens on loopback only: a listener on another address needs authentication
/// (MQTT: a password file or required client certificates; HTTP: API keys) or <c>gateway.security.allow-anonymous</c>,
/// which is warned about at every start.
/// </summary>
public sealed record ListenerExposure(IReadOnlyList<string> Exposed, bool AllowAnonymous, IReadOnlyList<string>? Authenticated = null)
{
    public static ListenerExposure From(Config config)
    {
        List<string> exposed = [], authenticated = [];
        // The external-broker mode opens no MQTT listener of its own; a password file, or client
        // certificates required (which leaves only the TLS listener), authenticates every MQTT client.
        var mqttAuthenticated = config.GetString("gateway.security.password-file") is { Length: > 0 }
            || (config.GetString("gateway.mqtt.tls.cert") is { Length: > 0 } && config.GetString("gateway.mqtt.tls.client-certificates") == "require");
        if (config.GetString("gateway.mqtt.mode") == "embedded" && !IsLoopback(config.GetString("gateway.mqtt.bind")))
            (mqttAuthenticated ? authenticated : exposed).Add($"MQTT on {config.GetString("gateway.mqtt.bind")}:{config.GetInt("gateway.mqtt.port")}");
        // API keys authenticate every HTTP request but the health probes.
        if (!IsLoopback(config.GetString("gateway.http.bind")))
            (config.GetString("gateway.security.api-keys") is { Length: > 0 } ? authenticated : exposed)
                .Add($"HTTP on {config.GetString("gateway.http.bind")}:{config.GetInt("gateway.http.port")}");
        return new ListenerExposure(exposed, config.GetBoolean("gateway.security.allow-anonymous"), authenticated);
    }

    /// <summary>Why the gateway must not start as configured; null when it may.</summary>
    public string? Refusal => Exposed.Count == 0 || AllowAnonymous
        ? null
        : $"{string.Join(" and ", Exposed)} would accept anyone who can reach {(Exposed.Count == 1 ? "it" : "them")}: no authentication is configured. "
          + "Keep the listeners on loopback (the default, 127.0.0.1), configure authentication (README, \"Securing the gateway\"), or add --allow-anonymous (GATEWAY_ALLOW_ANONYMOUS=true) to accept unauthenticated clients from other machines";

    /// <summary>True when unauthenticated clients from other machines are accepted: the start-up line is then a warning.</summary>
    public bool IsOpen => Exposed.Count > 0;

    /// <summary>The start-up line saying who can connect.</summary>
    public string Notice => IsOpen
        ? $"{Listeners(Exposed)} from other machines without authentication (allow-anonymous): anyone who can reach {(Exposed.Count == 1 ? "it" : "them")} can publish, subscribe and command"
        : Authenticated is { Count: > 0 }
        ? $"{Listeners(Authenticated)} from other machines that authenticate"
        // Not "no authentication is configured": API keys or a password file may be, with the listeners still on loopback.
        : "MQTT and HTTP listen on loopback only: only clients on this machine can connect. "
          + "To accept other machines, set --mqtt-bind and --http-bind (GATEWAY_MQTT_BIND, GATEWAY_HTTP_BIND) to 0.0.0.0 "
          + "with authentication (README, \"Securing the gateway\": a password file for MQTT, --api-keys for HTTP) or --allow-anonymous";

    private static string Listeners(IReadOnlyList<string> listeners) =>
        $"{string.Join(" and ", listeners)} {(listeners.Count == 1 ? "accepts" : "accept")} clients";

    private static bool IsLoopback(string bind) =>
        bind == "localhost" || (IPAddress.TryParse(bind, out var address) && IPAddress.IsLoopback(address));
}
