using Akka.Actor;
using Gateway.Protocols.Outbound;

namespace Gateway.Mqtt;

/// <summary>
/// Publishes the gateway's messages (device commands, states, lifecycles, rejections) through the
/// transport. One publication at a time, in arrival order, so that a retained command and the
/// clearing of its retained copy can never overtake each other.
/// </summary>
/// <remarks>
/// The transport almost always takes a publication synchronously (MQTTnet's dispatch to the
/// embedded broker's subscribers' queues, a write to the external broker's socket), so each one is
/// handed over inline; only one that the transport finishes later (a retained-message store, a
/// retained command waiting for the broker's PUBACK) holds the next ones back, stashed, until it is
/// done. An async receive would instead suspend the mailbox and hop through the thread pool for
/// every state publication.
/// </remarks>
public sealed class MqttEgressActor : ReceiveActor, IWithStash
{
    private readonly IMqttTransport _transport;

    public MqttEgressActor(IMqttTransport transport)
    {
        _transport = transport;
        Ready();
    }

    public IStash Stash { get; set; } = null!;

    private void Ready() => Receive<MqttPublish>(publish =>
    {
        // An empty retained payload is MQTT's way of saying "drop the retained message".
        var done = publish.Retain && publish.Payload.IsEmpty ? _transport.ClearRetainedAsync(publish.Topic) : _transport.PublishAsync(publish);
        if (done.IsCompleted)
            return;
        Become(Waiting);
        done.ContinueWith(_ => Published.Instance, TaskContinuationOptions.ExecuteSynchronously).PipeTo(Self);
    });

    private void Waiting()
    {
        Receive<Published>(_ =>
        {
            Become(Ready);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    public static Props Props(IMqttTransport transport) => Akka.Actor.Props.Create(() => new MqttEgressActor(transport));

    /// <summary>A publication the transport finished asynchronously is done; the stashed ones may follow.</summary>
    private sealed class Published
    {
        public static readonly Published Instance = new();
    }
}
