using System.Buffers;
using System.Runtime.InteropServices;
using Akka.Actor;
using Gateway.Contracts.Messages;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace Gateway.Mqtt;

/// <summary>
/// The broker's publish interceptor: routes each device message to its device actor with a
/// Tell and returns at once. It never waits on an actor, so a slow device cannot stall the broker.
/// A message whose device cannot be told from its topic or payload is rejected here.
/// </summary>
public sealed class MqttIngress(TopicRouter router, IActorRef deviceRegion, IActorRef egress, ILogger<MqttIngress> log)
{
    public Task OnPublish(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        if (args.ClientId == EmbeddedBroker.GatewayClientId || !router.TryRoute(message.Topic, out var route))
            return Task.CompletedTask;
        var payload = PayloadArray(message.Payload);
        var receivedAt = DateTimeOffset.UtcNow;
        var entityId = route.EntityId;
        if (entityId is null)
        {
            if (!route.Profile.TryReadPayloadKey(route.Channel, payload, out var key, out var reason))
            {
                log.LogWarning("Rejected {Kind} message on {Topic}: {Reason}", route.Profile.Kind, message.Topic, reason);
                egress.Tell(Rejections.Report(route.Profile.Kind, null, message.Topic, reason, receivedAt));
                return Task.CompletedTask;
            }
            entityId = key.EntityId;
        }
        deviceRegion.Tell(new DeviceInput(entityId, route.Channel, message.Topic, payload, receivedAt, route.Section));
        return Task.CompletedTask;
    }

    /// <summary>
    /// MQTTnet (5.2) decodes each received PUBLISH payload into an array of its own and never
    /// writes to it again (subscribers' queues share it too), so the actor can keep that array
    /// rather than a copy: one allocation of the payload's size saved per message. Anything else
    /// (a segment of a larger buffer, a multi-segment sequence) is copied.
    /// </summary>
    private static byte[] PayloadArray(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsEmpty)
            return [];
        if (payload.IsSingleSegment && MemoryMarshal.TryGetArray(payload.First, out var segment)
            && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length)
            return array;
        return payload.ToArray();
    }
}
