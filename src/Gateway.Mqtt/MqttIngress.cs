using System.Buffers;
using Akka.Actor;
using Gateway.Contracts.Messages;
using Gateway.Protocols.Routing;
using MQTTnet.Server;

namespace Gateway.Mqtt;

/// <summary>
/// The broker's publish interceptor: routes each device message to its device actor with a
/// Tell and returns at once. It never waits on an actor, so a slow device cannot stall the broker.
/// </summary>
public sealed class MqttIngress(TopicRouter router, IActorRef deviceRegion)
{
    public Task OnPublish(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        if (args.ClientId == EmbeddedBroker.GatewayClientId || !router.TryRoute(message.Topic, out var route))
            return Task.CompletedTask;
        // The payload buffer belongs to the broker and is reused after this returns: copy it once.
        var payload = message.Payload.IsEmpty ? [] : message.Payload.ToArray();
        deviceRegion.Tell(new DeviceInput(route.EntityId, route.Channel, message.Topic, payload, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }
}
