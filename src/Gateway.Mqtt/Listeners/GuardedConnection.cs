using System.Buffers;
using Gateway.Mqtt.Security;
using Microsoft.AspNetCore.Connections;
using MQTTnet.Protocol;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// One client connection as <see cref="ListenerGuard"/> watches it: whether its CONNECT has
/// arrived (before the deadline), whether each packet it announces is within the limit, and, once
/// an MQTT 5 client is logged in, its topic aliases.
/// </summary>
/// <remarks>
/// A refused connection is closed without a word, except for a logged-in MQTT 5 client, which MQTT
/// tells why in a DISCONNECT (0x95 packet too large, 0x94 topic alias invalid, 0x82 protocol error):
/// <see cref="Inspect"/> then returns that DISCONNECT for the broker to send, and the packet is never
/// handed to MQTTnet.
/// </remarks>
internal sealed class GuardedConnection(ConnectionContext context, InputLimits limits, SecurityEvents events)
{
    private int _connected;
    private string? _mqtt5ClientId;
    private ulong[]? _aliases;

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>Whether the connection reached the broker's reader (on a TLS listener: whether its handshake succeeded).</summary>
    public bool Bound { get; set; }

    public bool TimedOut { get; private set; }

    public ConnectionContext Context => context;

    /// <summary>The broker has let the client in (before MQTTnet reads its next packet).</summary>
    public void LoggedIn(string clientId, bool mqtt5)
    {
        if (!mqtt5)
            return;
        _aliases = limits.TopicAliasMaximum > 0 ? new ulong[limits.TopicAliasMaximum / 64 + 1] : null;
        Volatile.Write(ref _mqtt5ClientId, clientId);
    }

    /// <summary>
    /// Checks the packet at the start of <paramref name="buffer"/>: null when MQTTnet may read it; a
    /// DISCONNECT to send when it must not; throws (the connection aborted) when it is closed at once.
    /// </summary>
    public ClientDisconnect? Inspect(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty)
            return null;
        if (!FixedHeader.TryRead(buffer, out var header, out var malformed))
            return malformed ? Refuse(RefusalReasons.Malformed, "a remaining length longer than four bytes") : null;
        if (!Connected && header.Type != FixedHeader.Connect)
            return Refuse(RefusalReasons.NoConnect, $"a first packet of type {header.Type}, not CONNECT");
        if (header.PacketBytes > limits.MaxPacketBytes)
            return Refuse(RefusalReasons.PacketTooLarge, $"a packet of {header.PacketBytes} bytes, over max-packet-bytes ({limits.MaxPacketBytes})", MqttDisconnectReasonCode.PacketTooLarge);
        if (!header.FlagsAllowed)
            return Refuse(RefusalReasons.Malformed, $"a packet of type {header.Type} with flags {Convert.ToString(header.Flags, 2).PadLeft(4, '0')}, which MQTT forbids");
        if (header.Type == FixedHeader.Publish)
        {
            if (!PublishTopic.IsWellFormed(buffer, header))
                return Refuse(RefusalReasons.Malformed, "a PUBLISH whose topic is not UTF-8 or holds U+0000");
            if (Volatile.Read(ref _mqtt5ClientId) is not null && PublishAlias.TryRead(buffer, header, out var alias, out var topicEmpty))
                return CheckAlias(alias, topicEmpty);
        }
        if (!Connected && buffer.Length >= header.PacketBytes)
            Volatile.Write(ref _connected, 1);
        return null;
    }

    /// <summary>
    /// MQTT-3.3.2-8 to 3.3.2-12, as mosquitto enforces them: an alias is 1 to the maximum announced,
    /// a PUBLISH with a topic sets it for this connection, one without uses it.
    /// </summary>
    private ClientDisconnect? CheckAlias(int alias, bool topicEmpty)
    {
        if (alias == PublishAlias.None)
            return topicEmpty ? Refuse(RefusalReasons.TopicAlias, "a PUBLISH with neither a topic nor a topic alias", MqttDisconnectReasonCode.ProtocolError) : null;
        if (alias == 0 || alias > limits.TopicAliasMaximum || _aliases is not { } aliases)
            return Refuse(RefusalReasons.TopicAlias, $"topic alias {alias}; aliases are 1 to {limits.TopicAliasMaximum} (gateway.mqtt.limits.topic-alias-maximum)", MqttDisconnectReasonCode.TopicAliasInvalid);
        ref var word = ref aliases[alias / 64];
        var bit = 1UL << (alias % 64);
        if (!topicEmpty)
            word |= bit;
        else if ((word & bit) == 0)
            return Refuse(RefusalReasons.TopicAlias, $"a PUBLISH by topic alias {alias}, which no PUBLISH on this connection has set", MqttDisconnectReasonCode.ProtocolError);
        return null;
    }

    /// <summary>The CONNECT deadline: a connection that has not sent a whole CONNECT by then is closed.</summary>
    public void DeadlinePassed()
    {
        if (Connected)
            return;
        TimedOut = true;
        events.ConnectionRefused(RefusalReasons.ConnectTimeout, context.RemoteEndPoint, $"it sent no CONNECT within {limits.ConnectTimeout.TotalSeconds:0.###} s");
        context.Abort(new ConnectionAbortedException("no CONNECT in time"));
    }

    private ClientDisconnect Refuse(string reason, string detail, MqttDisconnectReasonCode? mqtt5Code = null)
    {
        events.ConnectionRefused(reason, context.RemoteEndPoint, $"it sent {detail}");
        if (mqtt5Code is { } code && Volatile.Read(ref _mqtt5ClientId) is { } clientId)
            return new ClientDisconnect(clientId, code, $"it sent {detail}");
        var refusal = new ConnectionAbortedException($"refused: {detail}");
        context.Abort(refusal);
        // MQTTnet must not go on reading what this connection sent.
        throw refusal;
    }
}
