using Akka.Configuration;
using Gateway.Mqtt.Security;
using Gateway.Protocols;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// Which transport the gateway runs on (<c>gateway.mqtt.mode</c>) and its settings, checked at
/// start-up: the embedded broker's password and policy files are read here, so a bad one stops the start.
/// </summary>
public sealed record MqttTransportSettings(EmbeddedBrokerSettings Embedded, ExternalBrokerSettings? External, PasswordFile? Passwords, AccessPolicy? Policy)
{
    /// <summary>How long a QoS 1 device message waits for its journal write before it is answered as not taken (<c>gateway.mqtt.puback-timeout</c>).</summary>
    public TimeSpan PubackTimeout { get; init; }

    /// <summary>QoS 1 device messages that may wait for the journal on one node at once (<c>gateway.mqtt.max-backlog</c>).</summary>
    public int MaxBacklog { get; init; }

    public static MqttTransportSettings From(Config config)
    {
        var mode = config.GetString("gateway.mqtt.mode");
        var settings = mode switch
        {
            "embedded" => EmbeddedMode(config),
            "external" => ExternalMode(config),
            _ => throw new ArgumentException($"the MQTT mode must be 'embedded' or 'external', not '{mode}'"),
        };
        var pubackTimeout = config.GetTimeSpan("gateway.mqtt.puback-timeout");
        if (pubackTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"gateway.mqtt.puback-timeout must be longer than zero, not {pubackTimeout}");
        var maxBacklog = config.GetInt("gateway.mqtt.max-backlog");
        if (maxBacklog <= 0)
            throw new ArgumentException($"gateway.mqtt.max-backlog must be at least 1, not {maxBacklog}");
        return settings with { PubackTimeout = pubackTimeout, MaxBacklog = maxBacklog };
    }

    /// <summary>
    /// A device payload over its family's limit must reach its device to be refused the one way
    /// (and answered, on an AWS shadow topic): a packet limit below the largest payload limit would
    /// close the connection instead, so that combination does not start.
    /// </summary>
    private static MqttTransportSettings EmbeddedMode(Config config)
    {
        var embedded = EmbeddedBrokerSettings.From(config);
        var largest = PayloadLimit.Largest(config);
        var needed = (long)largest.MaxBytes + embedded.Limits.MaxTopicBytes + PublishHeaderBytes;
        if (needed > embedded.Limits.MaxPacketBytes)
            throw new ArgumentException($"gateway.mqtt.limits.max-packet-bytes ({embedded.Limits.MaxPacketBytes}) must hold the largest device payload, "
                + $"{largest.Setting} ({largest.MaxBytes}), with a topic of max-topic-bytes ({embedded.Limits.MaxTopicBytes}): at least {needed} bytes");
        return new MqttTransportSettings(embedded, null, PasswordFile.From(config), AccessPolicy.From(config));
    }

    /// <summary>A PUBLISH packet's own bytes beside its topic and payload: fixed header (5 at most), topic length (2), packet id (2), MQTT 5 properties' length (4 at most).</summary>
    private const int PublishHeaderBytes = 13;

    /// <summary>The external broker authenticates and authorizes its clients itself; the embedded broker's files would protect nothing.</summary>
    private static MqttTransportSettings ExternalMode(Config config)
    {
        foreach (var (key, option) in new[] { (PasswordFile.Setting, "--password-file"), ("gateway.security.policy-file", "--policy-file"), ("gateway.mqtt.tls.cert", "--tls-cert") })
            if (!string.IsNullOrEmpty(config.GetString(key)))
                throw new ArgumentException($"{option} ({key}) is for the embedded broker; with an external broker, give the broker its password file, acl_file and TLS (README, \"Securing the gateway\")");
        return new MqttTransportSettings(EmbeddedBrokerSettings.From(config), ExternalBrokerSettings.From(config), null, null);
    }

    /// <summary>For the start-up log line.</summary>
    public override string ToString() =>
        External is { } external ? $"external broker {external.Broker}" : $"embedded broker on {Embedded.Bind}:{Embedded.Port}";

    /// <summary>The external client subscribes to <paramref name="deviceFilters"/>; the embedded broker sees everything anyway.</summary>
    public IMqttTransport Create(IReadOnlyList<string> deviceFilters, ILoggerFactory loggers) =>
        External is { } external
            ? new ExternalBrokerTransport(external, deviceFilters, loggers.CreateLogger<ExternalBrokerTransport>())
            : new EmbeddedBrokerTransport(Embedded,
                // Read again with a logger, which reports a later edit that does not read.
                Passwords is null ? null : PasswordFile.Load(Passwords.Path, loggers.CreateLogger<PasswordFile>()),
                Policy, new SecurityEvents(loggers.CreateLogger<SecurityEvents>()), loggers.CreateLogger<EmbeddedBrokerTransport>(), loggers.CreateLogger("MQTTnet"));
}
