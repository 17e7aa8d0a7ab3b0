using Akka.Actor;
using Gateway.Contracts.Messages;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// The transport's device handler: routes each device message to its device actor with a Tell
/// and returns at once. It never waits on an actor, so a slow device cannot stall the broker or
/// the broker connection. A message whose device cannot be told from its topic or payload is rejected here.
/// </summary>
public sealed class MqttIngress(TopicRouter router, IActorRef deviceRegion, IActorRef egress, ILogger<MqttIngress> log)
{
    public void OnMessage(in InboundMessage message)
    {
        if (!message.ForDevices || !router.TryRoute(message.Topic, out var route))
            return;
        var receivedAt = DateTimeOffset.UtcNow;
        var entityId = route.EntityId;
        if (entityId is null)
        {
            if (!route.Profile.TryReadPayloadKey(route.Channel, message.Payload, out var key, out var reason))
            {
                log.LogWarning("Rejected {Kind} message on {Topic}: {Reason}", route.Profile.Kind, message.Topic, reason);
                egress.Tell(Rejections.Report(route.Profile.Kind, null, message.Topic, reason, receivedAt));
                return;
            }
            entityId = key.EntityId;
        }
        deviceRegion.Tell(new DeviceInput(entityId, route.Channel, message.Topic, message.Payload, receivedAt, route.Section));
    }
}
