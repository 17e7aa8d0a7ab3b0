using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// Messages the embedded broker dropped for a subscriber that reads too slowly: each client has a
/// queue of <c>gateway.mqtt.max-pending-messages-per-client</c>, and past it the oldest message is
/// dropped, so a client that never reads costs that much memory and never slows the others.
/// Counted (<c>gateway.mqtt.subscriber.dropped</c>) and logged once per 10 s with how many, since
/// a stalled subscriber overflows once per message published and must not cost a string each.
/// </summary>
internal sealed class SlowSubscribers(int queueLength, ILogger log)
{
    private static readonly Meter Meter = new("Gateway.Mqtt");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("gateway.mqtt.subscriber.dropped",
        description: "Messages dropped from a slow subscriber's full queue (the oldest first)");

    private readonly IntervalTally _tally = new(TimeSpan.FromSeconds(10));

    public void Overflowed(string clientId)
    {
        Dropped.Add(1);
        if (_tally.Add() is var count and > 0)
            log.LogWarning("Client '{ClientId}' reads too slowly: its queue of {QueueLength} messages is full and the oldest are dropped (gateway.mqtt.max-pending-messages-per-client); {Count} dropped since the last such line",
                clientId, queueLength, count);
    }
}
