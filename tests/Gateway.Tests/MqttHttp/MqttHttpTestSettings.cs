using Gateway.MqttHttp;

namespace Gateway.Tests.MqttHttp;

/// <summary>Settings with short pauses, so retries happen within a test's patience.</summary>
public static class MqttHttpTestSettings
{
    public static MqttHttpSettings With(int queueSize = 100, int maxSubscriptions = 100, TimeSpan? callbackTimeout = null) => new(
        QueueSize: queueSize,
        MaxSubscriptions: maxSubscriptions,
        MaxBodyBytes: 65536,
        StreamHeartbeat: TimeSpan.FromSeconds(15),
        CallbackMaxAttempts: 3,
        CallbackRetryBackoff: TimeSpan.FromMilliseconds(10),
        CallbackRetryBackoffMax: TimeSpan.FromMilliseconds(40),
        CallbackTimeout: callbackTimeout ?? TimeSpan.FromSeconds(10),
        CallbackDestinations: new CallbackDestinations(["127.0.0.0/8", "::1"]));

    /// <summary>Waits for a condition another thread makes true; the deadline only bounds a broken test.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"never happened: {what}");
            await Task.Delay(10);
        }
    }
}
