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
    private static readonly Meter Meter = new("Gateway.Mqtt");
    private static readonly Counter<long> Counter = Meter.CreateCounter<long>("gateway.mqtt.publish.dropped", description: "Gateway publications the external broker did not take");

    private long _unreported;
    private long _nextReport;

    public void Add(string topic, string reason)
    {
        Counter.Add(1);
        Interlocked.Increment(ref _unreported);
        var now = Environment.TickCount64;
        var next = Volatile.Read(ref _nextReport);
        if (now < next || Interlocked.CompareExchange(ref _nextReport, now + (long)interval.TotalMilliseconds, next) != next)
            return;
        log.LogWarning("Dropped {Count} gateway publication(s), the latest on {Topic}: {Reason}. Unacknowledged commands are sent again by their retries; states are published again on the next change",
            Interlocked.Exchange(ref _unreported, 0), topic, reason);
    }
}
