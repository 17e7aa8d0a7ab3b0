using System.Collections.Concurrent;
using System.Text;
using Gateway.Mqtt.Listeners;
using MQTTnet.AspNetCore;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Gateway.Mqtt.Security;

/// <summary>
/// The embedded broker's checks on what a client says once MQTTnet has read it: its CONNECT
/// (reserved client ids, keep-alive, login), each publication (topic limits, rate, policy) and
/// each subscription (topic limits, policy). Every refusal answers with MQTT's reason code and is
/// counted and logged by <see cref="SecurityEvents"/>.
/// </summary>
/// <remarks>
/// A client's identity is its certificate's subject CN when the TLS listener verified one, else
/// the user name its password proved; without a password file a client is anonymous whatever user
/// name it claims, since nothing proved it. A policy then judges anonymous clients by its lines
/// before any <c>user</c> line, as mosquitto does.
/// </remarks>
internal sealed class BrokerGate(InputLimits limits, SecurityEvents events, IReadOnlySet<string> reservedClientIds, PasswordFile? passwords, AccessPolicy? policy)
{
    /// <summary>Clients with a subscription a deny line narrows, whose every delivery is checked, by client id.</summary>
    private readonly ConcurrentDictionary<string, BrokerClient> _checkedReceivers = new();

    /// <summary>Clients admitted whose session MQTTnet has not made yet, by their CONNECT packet.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<MqttConnectPacket, BrokerClient> _admitted = new();

    /// <summary>Checks a CONNECT; on success the client's <see cref="BrokerClient"/> joins its session.</summary>
    public void Validate(ValidatingConnectionEventArgs args, MqttConnectPacket packet)
    {
        var v5 = args.ProtocolVersion == MqttProtocolVersion.V500;
        if (reservedClientIds.Contains(args.ClientId))
        {
            // The gateway's own publications carry these ids and are never ingested as a device's.
            Refuse(args, MqttConnectReasonCode.ClientIdentifierNotValid, "reserved-client-id", $"the client id '{args.ClientId}' is the gateway's own");
            return;
        }
        var keepAlive = args.KeepAlivePeriod ?? 0;
        if (keepAlive == 0 || keepAlive > limits.MaxKeepAlive.TotalSeconds)
        {
            // MQTT 3.1.1 has no way to tell a client another keep-alive, so mosquitto refuses it as an identifier; MQTTnet cannot send MQTT 5's Server Keep Alive either.
            Refuse(args, v5 ? MqttConnectReasonCode.ImplementationSpecificError : MqttConnectReasonCode.ClientIdentifierNotValid, "keep-alive",
                $"a keep-alive of {keepAlive} s; it must be from 1 to {limits.MaxKeepAlive.TotalSeconds:0} s (gateway.mqtt.limits.max-keep-alive)");
            return;
        }
        if (!Authenticate(args, out var identity))
            return;
        _admitted.AddOrUpdate(packet, new BrokerClient(identity, v5, limits.PublishRate, limits.PublishBurst));
        if (args.ChannelAdapter is MqttConnectionContext channel && ListenerGuard.Of(MqttnetInternals.Connection(channel)) is { } connection)
            connection.LoggedIn(args.ClientId, v5);
    }

    private bool Authenticate(ValidatingConnectionEventArgs args, out string? identity)
    {
        identity = null;
        var v5 = args.ProtocolVersion == MqttProtocolVersion.V500;
        // Present only when the TLS listener's handshake verified it against the configured CA.
        if (args.ClientCertificate is { } certificate)
        {
            identity = TlsListenerSettings.Identity(certificate);
            if (identity is not null)
                return true;
            Refuse(args, v5 ? MqttConnectReasonCode.BadAuthenticationMethod : MqttConnectReasonCode.NotAuthorized, "certificate", "a client certificate without a subject CN, which is the identity");
            return false;
        }
        if (passwords is null)
            return true;
        if (string.IsNullOrEmpty(args.UserName))
        {
            Refuse(args, MqttConnectReasonCode.NotAuthorized, "anonymous", "no user name or client certificate; this broker requires a login");
            return false;
        }
        // One answer for an unknown user and a wrong password, so a login cannot tell which users exist.
        if (!passwords.Verify(args.UserName, args.Password))
        {
            Refuse(args, MqttConnectReasonCode.BadUserNameOrPassword, "password", "a wrong user name or password");
            return false;
        }
        identity = args.UserName;
        return true;
    }

    /// <summary>
    /// Puts the client's <see cref="BrokerClient"/> into its session once MQTTnet made it: a session
    /// taken over (same client id, no clean start) keeps its old items, which must not keep the old identity.
    /// MQTTnet reads none of the client's packets before this event.
    /// </summary>
    public void Connected(MqttConnectPacket packet, System.Collections.IDictionary sessionItems)
    {
        if (_admitted.TryGetValue(packet, out var client))
        {
            sessionItems[BrokerClient.SessionKey] = client;
            _admitted.Remove(packet);
        }
    }

    /// <summary>Whether a client's publication may go on; when not, the PUBACK (MQTT 5) carries the reason.</summary>
    public bool Admit(InterceptingPublishEventArgs args)
    {
        var client = BrokerClient.Of(args.SessionItems);
        var topic = args.ApplicationMessage.Topic;
        if (TopicFault(topic) is { } fault)
            return Refuse(args, MqttPubAckReasonCode.TopicNameInvalid, "topic", client, fault);
        if (client is not null && !client.TryPublish())
            return Refuse(args, MqttPubAckReasonCode.QuotaExceeded, "rate", client,
                $"over {limits.PublishRate} publications a second (gateway.mqtt.limits.publish-rate, burst {limits.PublishBurst})");
        if (policy?.CanPublish(client?.Identity, args.ClientId, topic) is { Allowed: false } denied)
        {
            // MQTT 5 says why in the PUBACK; MQTT 3.1.1 has no way to, so the message is acknowledged and dropped, as mosquitto does.
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            events.Denied("publish", client?.Identity, args.ClientId, Shown(topic), denied.Reason);
            return false;
        }
        return true;
    }

    /// <summary>Whether a message may be delivered to a client; only those with a narrowed subscription are checked.</summary>
    public void Check(InterceptingClientApplicationMessageEnqueueEventArgs args)
    {
        if (_checkedReceivers.IsEmpty || !_checkedReceivers.TryGetValue(args.ReceiverClientId, out var receiver))
            return;
        if (policy!.CanReceive(receiver.Identity, args.ReceiverClientId, args.ApplicationMessage.Topic) is { Allowed: false })
            args.AcceptEnqueue = false;
    }

    public void Disconnected(string clientId) => _checkedReceivers.TryRemove(clientId, out _);

    public void Check(InterceptingSubscriptionEventArgs args)
    {
        var filter = args.TopicFilter.Topic;
        var client = BrokerClient.Of(args.SessionItems);
        if (TopicFault(filter) is { } fault)
        {
            Refuse(args, MqttSubscribeReasonCode.TopicFilterInvalid, client, fault);
            return;
        }
        if (policy is null)
            return;
        var decision = policy.CanSubscribe(client?.Identity, args.ClientId, filter);
        if (!decision.Allowed)
            Refuse(args, MqttSubscribeReasonCode.NotAuthorized, client, decision.Reason);
        else if (decision.CheckEachMessage && client is not null)
            _checkedReceivers[args.ClientId] = client;
    }

    private void Refuse(InterceptingSubscriptionEventArgs args, MqttSubscribeReasonCode code, BrokerClient? client, string reason)
    {
        // MQTT 3.1.1 answers any refusal with its one failure code (0x80) in the SUBACK.
        args.ProcessSubscription = false;
        args.Response.ReasonCode = code;
        args.Response.ReasonString = reason;
        events.Denied("subscribe", client?.Identity, args.ClientId, Shown(args.TopicFilter.Topic), reason);
    }

    /// <summary>What is wrong with a topic or filter's size, or null.</summary>
    private string? TopicFault(string topic)
    {
        if (topic.Length > limits.MaxTopicBytes || Encoding.UTF8.GetByteCount(topic) > limits.MaxTopicBytes)
            return $"the topic is longer than {limits.MaxTopicBytes} bytes (gateway.mqtt.limits.max-topic-bytes)";
        var levels = topic.AsSpan().Count('/') + 1;
        return levels > limits.MaxTopicLevels
            ? $"the topic has {levels} levels, more than {limits.MaxTopicLevels} (gateway.mqtt.limits.max-topic-levels)"
            : null;
    }

    private bool Refuse(InterceptingPublishEventArgs args, MqttPubAckReasonCode code, string reason, BrokerClient? client, string detail)
    {
        args.ProcessPublish = false;
        args.Response.ReasonCode = code;
        args.Response.ReasonString = detail;
        events.PublishLimited(reason, client?.Identity, args.ClientId, Shown(args.ApplicationMessage.Topic), detail);
        return false;
    }

    private void Refuse(ValidatingConnectionEventArgs args, MqttConnectReasonCode code, string reason, string detail)
    {
        args.ReasonCode = code;
        args.ReasonString = detail;
        events.LoginFailed(reason, args.RemoteEndPoint, args.ClientId, args.UserName, detail);
    }

    /// <summary>A topic as a log line shows it: an oversized one is cut.</summary>
    private static string Shown(string topic) => topic.Length <= 200 ? topic : $"{topic[..200]}…";
}
