using System.Diagnostics.Metrics;
using Gateway.Mqtt.Security;

namespace Gateway.Host.Security;

/// <summary>
/// HTTP requests refused for their API key, counted on the <c>Gateway.Security</c> meter
/// (<c>gateway.http.auth.failed</c>, by reason: <c>missing</c>, <c>unknown</c>, <c>role</c>) and
/// logged at a bounded rate, since anyone who reaches the port can provoke them. A singleton:
/// ASP.NET Core makes one authentication handler per request.
/// </summary>
public sealed class ApiKeyRefusals(ILogger<ApiKeyRefusals> log)
{
    private static readonly Meter Meter = new(SecurityEvents.MeterName);
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("gateway.http.auth.failed", description: "HTTP requests refused for a missing, unknown or insufficient API key, by reason");

    // A budget per reason, so that a flood of unknown keys cannot hide a key refused for its role.
    private readonly ThrottledLog _log = new(log, 20, TimeSpan.FromSeconds(10));

    /// <summary>
    /// Counts and logs one refusal. <paramref name="detail"/> may name the key (its name, from the
    /// file) but never holds the key or its hash.
    /// </summary>
    public void Add(string reason, HttpContext http, string detail)
    {
        Failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _log.Warn(reason, $"HTTP {http.Request.Method} {http.Request.Path} from {http.Connection.RemoteIpAddress} refused ({reason}): {detail}");
    }
}
