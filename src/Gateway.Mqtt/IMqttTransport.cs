using Gateway.Protocols.Outbound;

namespace Gateway.Mqtt;

/// <summary>
/// The gateway's one way to MQTT: the embedded broker (<see cref="EmbeddedBrokerTransport"/>, one
/// node) or a client of an external broker (<see cref="ExternalBrokerTransport"/>, one node or a
/// cluster). Nothing above <c>Gateway.Mqtt</c> sees an MQTT library's types.
/// </summary>
public interface IMqttTransport
{
    /// <summary><c>embedded</c> or <c>external</c> (<c>gateway.mqtt.mode</c>).</summary>
    string Mode { get; }

    /// <summary>Where devices reach the gateway: the embedded broker's address, or the external broker's URL.</summary>
    string Endpoint { get; }

    TransportStatus Status { get; }

    /// <summary>The client id that publications made for HTTP clients (<see cref="PublishForClientAsync"/>) carry.</summary>
    string ClientPublisherId { get; }

    /// <summary>Adds a receiver of inbound messages; attach the device ingress before <see cref="StartAsync"/> so no message is missed.</summary>
    void Attach(InboundHandler handler);

    void Detach(InboundHandler handler);

    /// <summary>Starts listening (embedded) or starts connecting in the background (external: a broker that is down is retried, never fatal).</summary>
    Task StartAsync(CancellationToken ct);

    Task StopAsync(CancellationToken ct);

    /// <summary>
    /// Publishes one of the gateway's own messages, which no gateway node ingests. It never faults:
    /// a publication that fails is logged and counted here. When the task completes the next
    /// publication may be handed over without overtaking this one; it is almost always complete on return.
    /// </summary>
    Task PublishAsync(MqttPublish publish);

    /// <summary>Drops the broker's retained message on <paramref name="topic"/>; ordered and fault-free like <see cref="PublishAsync"/>.</summary>
    Task ClearRetainedAsync(string topic);

    /// <summary>
    /// Publishes for an HTTP client: routed to the device actors like any client's message. It
    /// completes once the broker has taken it and throws <see cref="TransportUnavailableException"/> when it did not.
    /// </summary>
    Task PublishForClientAsync(MqttPublish publish);

    /// <summary>
    /// One more HTTP subscription to <paramref name="filter"/>; messages it matches reach the handlers
    /// with <see cref="InboundMessage.ForObservers"/>. Completes when the broker has it (null), or with
    /// the broker's reason for refusing it. Counted: each call is undone by one <see cref="StopObserving"/>.
    /// </summary>
    Task<string?> ObserveAsync(string filter);

    void StopObserving(string filter);
}
