using Akka.Actor;
using Gateway.Contracts.Messages;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt;

/// <summary>
/// The transport's device handler: routes each device message to its device actor and returns at
/// once, so a slow device cannot stall the broker or the broker connection. A QoS 1 message is
/// asked rather than told: its receipt (the PUBACK) completes when the actor has journaled it, or
/// says it was not taken after <paramref name="pubackTimeout"/>, or at once while the journal does
/// not answer (<paramref name="journalAvailable"/>), or when <paramref name="maxBacklog"/> messages
/// already wait, so that under overload the devices hold the excess instead of this node's memory.
/// A message whose device cannot be told from its topic or payload is rejected here.
/// </summary>
public sealed class MqttIngress(TopicRouter router, IActorRef deviceRegion, IActorRef egress, TimeSpan pubackTimeout, int maxBacklog,
    Func<bool> journalAvailable, NotTakenMessages notTaken, ILogger<MqttIngress> log)
{
    private readonly string _timedOut = $"not journaled within {pubackTimeout.TotalSeconds:0.###} s (gateway.mqtt.puback-timeout)";
    private readonly string _overloaded = $"{maxBacklog} messages already wait for the journal on this node (gateway.mqtt.max-backlog)";
    private int _backlog;

    public ValueTask<Receipt> OnMessage(in InboundMessage message)
    {
        if (!message.ForDevices || !router.TryRoute(message.Topic, out var route))
            return new(Receipt.Taken);
        var receivedAt = DateTimeOffset.UtcNow;
        var entityId = route.EntityId;
        if (entityId is null)
        {
            if (!route.Profile.TryReadPayloadKey(route.Channel, message.Payload, out var key, out var reason))
            {
                log.LogWarning("Rejected {Kind} message on {Topic}: {Reason}", route.Profile.Kind, message.Topic, reason);
                egress.Tell(Rejections.Report(route.Profile.Kind, null, message.Topic, reason, receivedAt));
                return new(Receipt.Taken);
            }
            entityId = key.EntityId;
        }
        var awaitsJournal = message.Qos > 0;
        var input = new DeviceInput(entityId, route.Channel, message.Topic, message.Payload, receivedAt, route.Section, awaitsJournal);
        if (!awaitsJournal)
        {
            deviceRegion.Tell(input);
            return new(Receipt.Taken);
        }
        if (!journalAvailable())
            return new(notTaken.Add("journal-unavailable", message.Topic, "the journal is unavailable"));
        if (Interlocked.Increment(ref _backlog) > maxBacklog)
        {
            Interlocked.Decrement(ref _backlog);
            return new(notTaken.Add("backlog", message.Topic, _overloaded, overloaded: true));
        }
        return new(AwaitJournal(input));
    }

    private async Task<Receipt> AwaitJournal(DeviceInput input)
    {
        try
        {
            await deviceRegion.Ask<InputTaken>(input, pubackTimeout);
            return Receipt.Taken;
        }
        catch (AskTimeoutException)
        {
            // The write failed (the actor stopped), is still under way, or the message was lost on
            // the way to its shard: in each case only the device still has it.
            return notTaken.Add("journal-timeout", input.Topic, _timedOut);
        }
        finally
        {
            Interlocked.Decrement(ref _backlog);
        }
    }
}
