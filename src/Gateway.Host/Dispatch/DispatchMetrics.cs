using System.Diagnostics.Metrics;

namespace Gateway.Host.Dispatch;

/// <summary>The dispatcher consoles connected, and those the gateway disconnected, by reason.</summary>
public static class DispatchMetrics
{
    private static readonly Meter Meter = new("Gateway.Dispatch");

    public static readonly UpDownCounter<long> Consoles = Meter.CreateUpDownCounter<long>("gateway.dispatch.consoles", description: "Dispatcher consoles connected to this node");

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("gateway.dispatch.dropped", description: "Dispatcher consoles disconnected by the gateway, by reason (slow, too-big)");
}
