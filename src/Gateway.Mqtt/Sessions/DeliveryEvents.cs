using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt.Sessions;

/// <summary>
/// What the broker did not deliver to a client and why, counted and logged once per 10 s with how
/// many: messages dropped from a full queue (the slow subscribers' count, <c>gateway.mqtt.subscriber.dropped</c>)
/// and messages larger than the client's Maximum Packet Size (<c>gateway.mqtt.subscriber.too_large</c>).
/// </summary>
internal sealed class DeliveryEvents(SlowSubscribers slow, ILogger log)
{
    private static readonly Meter Meter = new("Gateway.Mqtt");
    private static readonly Counter<long> TooLargeCount = Meter.CreateCounter<long>("gateway.mqtt.subscriber.too_large",
        description: "Messages not sent to an MQTT 5 client because they exceed its Maximum Packet Size");

    private readonly IntervalTally _tooLarge = new(TimeSpan.FromSeconds(10));

    public void Overflowed(string clientId) => slow.Overflowed(clientId);

    public void TooLarge(string clientId, string topic, long size, uint maximum)
    {
        TooLargeCount.Add(1);
        if (_tooLarge.Add() is var count and > 0)
            log.LogWarning("A message on '{Topic}' ({Size} bytes) was not sent to client '{ClientId}', whose Maximum Packet Size is {Maximum} bytes; {Count} such since the last such line",
                topic, size, clientId, maximum, count);
    }
}
