using Gateway.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;
using Xunit;

namespace Gateway.Tests.Mqtt;

/// <summary>MQTTnet's log in the host's: on only at Debug, each line at its level with its parameters filled in.</summary>
public sealed class MqttnetLogSpec
{
    [Fact]
    public void It_is_off_unless_the_category_is_enabled_at_debug()
    {
        Assert.False(new MqttnetLog(new RecordingLogger(LogLevel.Information)).IsEnabled);
        Assert.True(new MqttnetLog(new RecordingLogger(LogLevel.Debug)).IsEnabled);
    }

    [Fact]
    public void Each_line_keeps_its_level_and_verbose_ones_pass_only_at_trace()
    {
        var log = new RecordingLogger(LogLevel.Debug);
        var mqttnet = new MqttnetLog(log);
        mqttnet.Publish(MqttNetLogLevel.Warning, "MqttServerKeepAliveMonitor", "Client '{0}': Did not receive any packet or keep alive signal", ["flooder-1"], null!);
        mqttnet.Publish(MqttNetLogLevel.Error, "MqttConnectedClient", "Client '{0}': Error while processing {1} packet", ["d-1", "PUBLISH"], new InvalidOperationException("boom"));
        mqttnet.Publish(MqttNetLogLevel.Info, "MqttServer", "Started", null!, null!);
        mqttnet.Publish(MqttNetLogLevel.Verbose, "MqttClientSessionsManager", "Client '{0}': Queued PUBLISH packet with topic '{1}'", ["d-1", "t"], null!);

        Assert.Equal([
            (LogLevel.Warning, "MqttServerKeepAliveMonitor: Client 'flooder-1': Did not receive any packet or keep alive signal"),
            (LogLevel.Error, "MqttConnectedClient: Client 'd-1': Error while processing PUBLISH packet"),
            (LogLevel.Debug, "MqttServer: Started"),
        ], log.Entries);
    }
}
