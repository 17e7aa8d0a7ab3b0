using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// Gateway publications the external broker did not take (disconnected, refused, no PUBACK in
/// time): each is counted (<c>gateway.mqtt.publish.dropped</c>), and logged at most once per
/// interval with how many there were, since a broker outage would otherwise log every state change.
/// </summary>
internal sealed class PublishDrops(ILogger log, TimeSpan interval)
{
    private static readonly Counter<long> Counter = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.publish.dropped", description: "Gateway publications the external broker did not take");

    private readonly IntervalTally _tally = new(interval);

    public void Add(string topic, string reason)
    {
        Counter.Add(1);
        if (_tally.Add() is var count and > 0)
            log.LogWarning("Dropped {Count} gateway publication(s), the latest on {Topic}: {Reason}. Unacknowledged commands are sent again by their retries; states are published again on the next change",
                count, topic, reason);
    }
}
