using Gateway.Protocols;
using Akka.Configuration;

namespace Gateway.MqttHttp;

/// <summary>The HTTP access to MQTT: <c>gateway.mqtt-http</c> in HOCON, each key documented there.</summary>
public sealed record MqttHttpSettings(
    int QueueSize,
    int MaxSubscriptions,
    int MaxBodyBytes,
    TimeSpan StreamHeartbeat,
    int CallbackMaxAttempts,
    TimeSpan CallbackRetryBackoff,
    TimeSpan CallbackRetryBackoffMax,
    TimeSpan CallbackTimeout,
    CallbackDestinations CallbackDestinations)
{
    public static MqttHttpSettings From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt-http") ?? throw new ConfigurationException("gateway.mqtt-http is missing");
        var settings = new MqttHttpSettings(
            c.GetInt("queue-size"),
            c.GetInt("max-subscriptions"),
            c.GetInt("max-body-bytes"),
            c.GetTimeSpan("stream-heartbeat"),
            c.GetInt("callback.max-attempts"),
            c.GetTimeSpan("callback.retry-backoff"),
            c.GetTimeSpan("callback.retry-backoff-max"),
            c.GetTimeSpan("callback.timeout"),
            Destinations(c.GetStringList("callback.allowed-destinations")));
        if (settings.QueueSize < 1 || settings.MaxSubscriptions < 1 || settings.MaxBodyBytes < 1 || settings.CallbackMaxAttempts < 1)
            throw new ConfigurationException("gateway.mqtt-http: queue-size, max-subscriptions, max-body-bytes and callback.max-attempts must be at least 1");
        if (settings.StreamHeartbeat <= TimeSpan.Zero || settings.CallbackTimeout <= TimeSpan.Zero)
            throw new ConfigurationException("gateway.mqtt-http: stream-heartbeat and callback.timeout must be positive");
        return settings;
    }

    private static CallbackDestinations Destinations(IEnumerable<string> entries)
    {
        try
        {
            return new CallbackDestinations(entries);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"gateway.mqtt-http.callback.allowed-destinations: {e.Message}");
        }
    }

    /// <summary>The pause before attempt <paramref name="nextAttempt"/> (2 or more): doubling from the base, capped.</summary>
    public TimeSpan BackoffBefore(int nextAttempt) => Backoff.Before(nextAttempt, CallbackRetryBackoff, CallbackRetryBackoffMax);
}
