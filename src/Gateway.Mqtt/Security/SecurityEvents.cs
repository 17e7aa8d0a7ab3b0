using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt.Security;

/// <summary>
/// What the embedded broker refused, each counted on the <c>Gateway.Security</c> meter by reason
/// and logged with who and why (at a bounded rate): connections closed on the wire, failed logins,
/// denied publications and subscriptions, publications over the rate limit. Passwords never reach
/// a line; a failed login names the user it claimed, as mosquitto does.
/// </summary>
public sealed class SecurityEvents(ILogger<SecurityEvents> log)
{
    public const string MeterName = "Gateway.Security";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("gateway.mqtt.connections.refused", description: "MQTT connections closed before login, by reason");
    private static readonly Counter<long> LoginsFailed = Meter.CreateCounter<long>("gateway.mqtt.logins.failed", description: "MQTT logins refused, by reason");
    private static readonly Counter<long> Denials = Meter.CreateCounter<long>("gateway.mqtt.denied", description: "Publications and subscriptions the policy refused, by action");
    private static readonly Counter<long> Limited = Meter.CreateCounter<long>("gateway.mqtt.publish.limited", description: "Publications refused over a client's rate limit or the topic limits, by reason");

    private readonly ThrottledLog _log = new(log, 20, TimeSpan.FromSeconds(10));

    public void ConnectionRefused(string reason, EndPoint? from, string detail)
    {
        Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _log.Warn(reason, $"MQTT connection from {from} closed ({reason}): {detail}");
    }

    public void LoginFailed(string reason, EndPoint? from, string clientId, string? user, string detail)
    {
        LoginsFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _log.Warn(reason, $"MQTT login refused ({reason}) for client '{clientId}'{(user is null ? "" : $" as '{user}'")} from {from}: {detail}");
    }

    public void Denied(string action, string? identity, string clientId, string topic, string reason)
    {
        Denials.Add(1, new KeyValuePair<string, object?>("action", action));
        _log.Warn(action, $"MQTT {action} denied to {(identity is null ? "anonymous" : $"'{identity}'")} (client '{clientId}') on '{topic}': {reason}");
    }

    public void PublishLimited(string reason, string? identity, string clientId, string topic, string detail)
    {
        Limited.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _log.Warn(reason, $"MQTT publication by {(identity is null ? "anonymous" : $"'{identity}'")} (client '{clientId}') on '{topic}' refused ({reason}): {detail}");
    }
}
