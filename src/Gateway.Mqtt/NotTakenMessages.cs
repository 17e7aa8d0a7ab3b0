using System.Diagnostics.Metrics;
using Gateway.Mqtt.Security;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// QoS 1 device messages the gateway did not acknowledge as taken, so that the device sends them
/// again: counted by reason (<c>gateway.mqtt.not_taken</c>) and logged within a budget per reason,
/// since a journal outage would otherwise log every message.
/// </summary>
public sealed class NotTakenMessages(ILogger log)
{
    private static readonly Counter<long> Counter = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.not_taken",
        description: "QoS 1 device messages not acknowledged as taken (MQTT 5: PUBACK 0x80, or 0x97 over the backlog; MQTT 3.1.1: disconnected without a PUBACK), by reason");

    private readonly ThrottledLog _log = new(log, linesPerInterval: 20, TimeSpan.FromSeconds(10));

    public Receipt Add(string reason, string topic, string detail, bool overloaded = false)
    {
        Counter.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _log.Warn(reason, $"Not acknowledged as taken, the device is to send it again: the message on {topic}: {detail}");
        return overloaded ? Receipt.Busy(detail) : Receipt.NotTaken(detail);
    }
}
