namespace Gateway.Mqtt.Security;

/// <summary>
/// What the broker knows about one connected client beyond MQTTnet's session: who it logged in as
/// and its publish allowance. Kept in the session's items under one key, so a publication costs one lookup.
/// </summary>
internal sealed class BrokerClient(string? identity, bool mqtt5, int rate, int burst)
{
    public const string SessionKey = "gateway.client";

    private double _tokens = burst;
    private long _refilled = Environment.TickCount64;

    /// <summary>The certificate CN or user name the client logged in as; null for an anonymous client.</summary>
    public string? Identity { get; } = identity;

    /// <summary>MQTT 5, whose PUBACK can carry a failure; MQTT 3.1.1's cannot.</summary>
    public bool Mqtt5 { get; } = mqtt5;

    /// <summary>The client whose session has these items; null for the gateway's own publications.</summary>
    public static BrokerClient? Of(System.Collections.IDictionary? sessionItems) => sessionItems?[SessionKey] as BrokerClient;

    /// <summary>
    /// Takes one publication from the client's token bucket (<paramref name="rate"/> per second, up to
    /// <paramref name="burst"/> saved up). MQTTnet reads one client's packets in order, so no lock is needed.
    /// </summary>
    public bool TryPublish()
    {
        if (rate == 0)
            return true;
        var now = Environment.TickCount64;
        _tokens = Math.Min(burst, _tokens + (now - _refilled) * rate / 1000.0);
        _refilled = now;
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }
}
