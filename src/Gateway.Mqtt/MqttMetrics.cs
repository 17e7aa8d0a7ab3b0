using System.Diagnostics.Metrics;

namespace Gateway.Mqtt;

/// <summary>The one meter of the MQTT side's instruments (drops, refusals, sessions, deliveries), by the name an exporter subscribes to.</summary>
public static class MqttMetrics
{
    public const string MeterName = "Gateway.Mqtt";

    internal static readonly Meter Meter = new(MeterName);
}
