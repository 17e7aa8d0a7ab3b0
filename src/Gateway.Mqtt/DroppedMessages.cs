using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// QoS 0 device messages the ingress dropped because this node's device actors had fallen behind
/// (MQTT allows dropping QoS 0): counted by reason on <c>gateway.mqtt.dropped</c> and logged at most
/// once per interval with how many there were, since a flood drops thousands a second and must not
/// cost a line, a lock or a string each. <paramref name="explain"/> says what a reason means, with its setting.
/// </summary>
public sealed class DroppedMessages(ILogger log, Func<string, string> explain, TimeSpan interval)
{
    private static readonly Counter<long> Counter = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.dropped",
        description: "QoS 0 device messages dropped at the ingress because this node's device actors had fallen behind, by reason (lag: gateway.mqtt.max-input-lag; backlog: gateway.mqtt.max-backlog journal writes waiting; memory: gateway.mqtt.max-heap-share of the heap limit)");

    private readonly IntervalTally _tally = new(interval);

    public void Add(string reason, string topic)
    {
        Counter.Add(1, new KeyValuePair<string, object?>("reason", reason));
        if (_tally.Add() is var count and > 0)
            log.LogWarning("Dropped {Count} QoS 0 device message(s), the latest on {Topic} ({Reason}): {Explanation}; they are let in again once the actors have caught up",
                count, topic, reason, explain(reason));
    }
}
