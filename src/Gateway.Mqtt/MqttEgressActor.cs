using Akka.Actor;
using Akka.Event;
using Gateway.Protocols.Outbound;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Gateway.Mqtt;

/// <summary>
/// Publishes the gateway's messages (device commands, states, lifecycles, rejections) into the
/// embedded broker. One publication at a time, in arrival order, so that a retained command and
/// the clearing of its retained copy can never overtake each other.
/// </summary>
/// <remarks>
/// MQTTnet's dispatch to subscribers' queues almost always completes synchronously, so each
/// publication is handed over inline; only one that MQTTnet finishes later (a retained-message
/// store, a slow handler) holds the next ones back, stashed, until it is done. An async receive
/// would instead suspend the mailbox and hop through the thread pool for every state publication.
/// </remarks>
public sealed class MqttEgressActor : ReceiveActor, IWithStash
{
    private readonly MqttServer _server;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public MqttEgressActor(MqttServer server)
    {
        _server = server;
        Ready();
    }

    public IStash Stash { get; set; } = null!;

    private void Ready() => Receive<MqttPublish>(publish =>
    {
        var done = Publish(publish);
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

    private async Task Publish(MqttPublish publish)
    {
        var message = new MqttApplicationMessage
        {
            Topic = publish.Topic,
            PayloadSegment = ToSegment(publish.Payload),
            Retain = publish.Retain,
            QualityOfServiceLevel = publish.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce,
            MessageExpiryInterval = publish.ExpirySeconds,
        };
        try
        {
            // Clearing a retained command must not deliver an empty command to the device,
            // which a publication would; the embedded broker can drop the retained copy directly.
            if (publish.Retain && publish.Payload.IsEmpty)
                await _server.UpdateRetainedMessageAsync(message);
            else
                await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = EmbeddedBroker.GatewayClientId }, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.Error(e, "Publishing to {0} failed", publish.Topic);
        }
    }

    private static ArraySegment<byte> ToSegment(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment) ? segment : payload.ToArray();

    public static Props Props(MqttServer server) => Akka.Actor.Props.Create(() => new MqttEgressActor(server));

    /// <summary>A publication MQTTnet finished asynchronously is done; the stashed ones may follow.</summary>
    private sealed class Published
    {
        public static readonly Published Instance = new();
    }
}
