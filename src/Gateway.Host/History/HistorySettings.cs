using Akka.Configuration;

namespace Gateway.Host.History;

/// <summary>History queries' bounds, from <c>gateway.history</c> in HOCON.</summary>
public sealed record HistorySettings(int DefaultLimit, int MaxLimit, int ScanLimit, TimeSpan OrderSlack)
{
    public static HistorySettings From(Config config)
    {
        var c = config.GetConfig("gateway.history") ?? throw new ConfigurationException("gateway.history is missing");
        var settings = new HistorySettings(c.GetInt("default-limit"), c.GetInt("max-limit"), c.GetInt("scan-limit"), c.GetTimeSpan("order-slack"));
        if (settings.DefaultLimit < 1 || settings.DefaultLimit > settings.MaxLimit || settings.ScanLimit < settings.MaxLimit)
            throw new ConfigurationException("gateway.history needs 1 <= default-limit <= max-limit <= scan-limit");
        return settings;
    }
}
