using Akka.Configuration;

namespace Gateway.Host.Dispatch;

/// <summary>The dispatcher console stream's bounds, from <c>gateway.dispatch</c> in HOCON.</summary>
public sealed record DispatchSettings(int MaxQueuedMessages, int MaxMessageBytes, TimeSpan KeepAlive, TimeSpan CloseTimeout)
{
    public static DispatchSettings From(Config config)
    {
        var c = config.GetConfig("gateway.dispatch") ?? throw new ConfigurationException("gateway.dispatch is missing");
        var settings = new DispatchSettings(c.GetInt("max-queued-messages"), c.GetInt("max-message-bytes"), c.GetTimeSpan("keep-alive"), c.GetTimeSpan("close-timeout"));
        if (settings.MaxQueuedMessages < 1 || settings.MaxMessageBytes < 256)
            throw new ConfigurationException("gateway.dispatch.max-queued-messages must be at least 1 and max-message-bytes at least 256");
        return settings;
    }
}
