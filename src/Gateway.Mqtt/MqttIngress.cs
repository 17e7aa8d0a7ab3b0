using Akka.Actor;
using Gateway.Contracts;
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
/// A QoS 0 message is dropped while this node's device actors are behind (<paramref name="devicesBehind"/> gives why),
/// so a flood is shed at the door rather than queued in their mailboxes.
/// A message whose device cannot be told from its topic or payload is rejected here.
/// A command a backend publishes on a device's command topic is asked whatever its QoS, as a
/// <see cref="PublishedCommand"/>: the embedded broker passes it to the device only once it is
/// tracked, and not at all when refused.
/// </summary>
public sealed class MqttIngress(TopicRouter router, IActorRef deviceRegion, IActorRef egress, TimeSpan pubackTimeout, int maxBacklog,
    Func<bool> journalAvailable, Func<string?> devicesBehind, NotTakenMessages notTaken, DroppedMessages dropped, ILogger<MqttIngress> log)
{
    private readonly string _timedOut = $"not journaled within {pubackTimeout.TotalSeconds:0.###} s (gateway.mqtt.puback-timeout)";
    private readonly string _overloaded = $"{maxBacklog} messages already wait for the journal on this node (gateway.mqtt.max-backlog)";
    private int _backlog;

    public ValueTask<Receipt> OnMessage(in InboundMessage message)
    {
        if (!message.ForDevices || !router.TryRoute(message.Topic, out var route))
            return new(Receipt.Taken);
        var isCommand = route.Channel == DeviceChannel.Command;
        // An empty payload clears a retained command and is none; a retained copy replayed to a new
        // subscription was tracked when it was published.
        if (isCommand && (message.Replayed || message.Payload.Length == 0))
            return new(Receipt.Taken);
        var awaitsJournal = message.Qos > 0 || isCommand;
        // Shed before anything is read or allocated: under a flood this is most messages.
        if (!awaitsJournal && devicesBehind() is { } behind)
        {
            dropped.Add(behind, message.Topic);
            return new(Receipt.Taken);
        }
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
        if (!awaitsJournal)
        {
            deviceRegion.Tell(new DeviceInput(entityId, route.Channel, message.Topic, message.Payload, receivedAt, route.Section));
            return new(Receipt.Taken);
        }
        if (!journalAvailable())
            return new(notTaken.Add("journal-unavailable", message.Topic, "the journal is unavailable"));
        if (Interlocked.Increment(ref _backlog) > maxBacklog)
        {
            Interlocked.Decrement(ref _backlog);
            return new(notTaken.Add("backlog", message.Topic, _overloaded, overloaded: true));
        }
        return new(AwaitJournal(isCommand
            ? new PublishedCommand(entityId, message.Topic, message.Payload, receivedAt, message.SenderClientId ?? "mqtt")
            : new DeviceInput(entityId, route.Channel, message.Topic, message.Payload, receivedAt, route.Section, AwaitsJournal: true), message.Topic));
    }

    private async Task<Receipt> AwaitJournal(IDeviceMessage message, string topic)
    {
        try
        {
            return await deviceRegion.Ask<object>(message, pubackTimeout) switch
            {
                CommandInvalid invalid => Receipt.Refuse(invalid.Describe()),
                _ => Receipt.Taken, // InputTaken, or CommandSubmitted once the command is journaled
            };
        }
        catch (AskTimeoutException)
        {
            // The write failed (the actor stopped), is still under way, or the message was lost on
            // the way to its shard: in each case only the sender still has it.
            return notTaken.Add("journal-timeout", topic, _timedOut);
        }
        finally
        {
            Interlocked.Decrement(ref _backlog);
        }
    }
}
