using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt.Sessions;

/// <summary>
/// What the broker did not deliver to a client and why, counted and logged once per 10 s with how
/// many, since a stalled subscriber overflows once per message published and must not cost a
/// string each:
/// <list type="bullet">
/// <item>messages dropped for a subscriber that reads too slowly (<c>gateway.mqtt.subscriber.dropped</c>):
/// each client has a queue of <c>gateway.mqtt.max-pending-messages-per-client</c>, and past it the
/// oldest message is dropped, so a client that never reads costs that much memory and never slows the others;</item>
/// <item>messages larger than the client's Maximum Packet Size (<c>gateway.mqtt.subscriber.too_large</c>).</item>
/// </list>
/// </summary>
internal sealed class DeliveryEvents(int queueLength, ILogger log)
{
    private static readonly Counter<long> Dropped = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.subscriber.dropped",
        description: "Messages dropped from a slow subscriber's full queue (the oldest first)");
    private static readonly Counter<long> TooLargeCount = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.subscriber.too_large",
        description: "Messages not sent to an MQTT 5 client because they exceed its Maximum Packet Size");

    private readonly IntervalTally _overflowed = new(TimeSpan.FromSeconds(10));
    private readonly IntervalTally _tooLarge = new(TimeSpan.FromSeconds(10));

    public void Overflowed(string clientId)
    {
        Dropped.Add(1);
        if (_overflowed.Add() is var count and > 0)
            log.LogWarning("Client '{ClientId}' reads too slowly: its queue of {QueueLength} messages is full and the oldest are dropped (gateway.mqtt.max-pending-messages-per-client); {Count} dropped since the last such line",
                clientId, queueLength, count);
    }

    public void TooLarge(string clientId, string topic, long size, uint maximum)
    {
        TooLargeCount.Add(1);
        if (_tooLarge.Add() is var count and > 0)
            log.LogWarning("A message on '{Topic}' ({Size} bytes) was not sent to client '{ClientId}', whose Maximum Packet Size is {Maximum} bytes; {Count} such since the last such line",
                topic, size, clientId, maximum, count);
    }
}
