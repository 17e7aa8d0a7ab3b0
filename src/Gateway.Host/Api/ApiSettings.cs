using Akka.Configuration;

namespace Gateway.Host.Api;

/// <summary>The HTTP API's endpoint and timeouts, from <c>gateway.http</c> in HOCON.</summary>
public sealed record ApiSettings(string Bind, int Port, TimeSpan AskTimeout, TimeSpan CommandWaitLimit)
{
    public static ApiSettings From(Config config)
    {
        var c = config.GetConfig("gateway.http") ?? throw new ConfigurationException("gateway.http is missing");
        return new ApiSettings(c.GetString("bind"), c.GetInt("port"), c.GetTimeSpan("ask-timeout"), c.GetTimeSpan("command-wait-limit"));
    }
}
