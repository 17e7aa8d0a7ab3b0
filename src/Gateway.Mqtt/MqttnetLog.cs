using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace Gateway.Mqtt;

/// <summary>
/// MQTTnet's own log (why it closed a connection, a packet it could not process) in the host's
/// log, under the category <c>MQTTnet</c>. MQTTnet's logger is all or nothing and, once on, costs
/// an allocation for every message it delivers, so it is on only while that category is enabled at
/// Debug (<c>Logging__LogLevel__MQTTnet=Debug</c>): a diagnosis, not the default.
/// </summary>
internal sealed class MqttnetLog(ILogger log) : IMqttNetLogger
{
    public bool IsEnabled => log.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        var to = level switch
        {
            MqttNetLogLevel.Error => LogLevel.Error,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            MqttNetLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (!log.IsEnabled(to))
            return;
        var text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        log.Log(to, exception, "{Source}: {Message}", source, text);
    }
}
