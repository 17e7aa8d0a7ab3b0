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
public sealed class MqttEgressActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public MqttEgressActor(MqttServer server)
    {
        ReceiveAsync<MqttPublish>(async publish =>
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
                {
                    await server.UpdateRetainedMessageAsync(message);
                    return;
                }
                await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = EmbeddedBroker.GatewayClientId }, CancellationToken.None);
            }
            catch (Exception e)
            {
                _log.Error(e, "Publishing to {0} failed", publish.Topic);
            }
        });
    }

    private static ArraySegment<byte> ToSegment(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment) ? segment : payload.ToArray();

    public static Props Props(MqttServer server) => Akka.Actor.Props.Create(() => new MqttEgressActor(server));
}
