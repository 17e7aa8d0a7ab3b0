using Akka.Configuration;
using Gateway.Mqtt.Security;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>Which transport the gateway runs on (<c>gateway.mqtt.mode</c>) and its settings, checked at start-up.</summary>
public sealed record MqttTransportSettings(EmbeddedBrokerSettings Embedded, ExternalBrokerSettings? External)
{
    public static MqttTransportSettings From(Config config)
    {
        var mode = config.GetString("gateway.mqtt.mode");
        return mode switch
        {
            "embedded" => new MqttTransportSettings(EmbeddedBrokerSettings.From(config), null),
            "external" => new MqttTransportSettings(EmbeddedBrokerSettings.From(config), ExternalBrokerSettings.From(config)),
            _ => throw new ArgumentException($"the MQTT mode must be 'embedded' or 'external', not '{mode}'"),
        };
    }

    /// <summary>For the start-up log line.</summary>
    public override string ToString() =>
        External is { } external ? $"external broker {external.Broker}" : $"embedded broker on {Embedded.Bind}:{Embedded.Port}";

    /// <summary>The external client subscribes to <paramref name="deviceFilters"/>; the embedded broker sees everything anyway.</summary>
    public IMqttTransport Create(IReadOnlyList<string> deviceFilters, ILoggerFactory loggers) =>
        External is { } external
            ? new ExternalBrokerTransport(external, deviceFilters, loggers.CreateLogger<ExternalBrokerTransport>())
            : new EmbeddedBrokerTransport(Embedded, new SecurityEvents(loggers.CreateLogger<SecurityEvents>()), loggers.CreateLogger<EmbeddedBrokerTransport>());
}
