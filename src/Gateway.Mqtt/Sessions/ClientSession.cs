using MQTTnet.Formatter;
using MQTTnet.Server.Internal;

namespace Gateway.Mqtt.Sessions;

/// <summary>
/// One client id's session as <see cref="SessionRegistry"/> keeps it beside MQTTnet's: how long it
/// outlives its connection, whether a connection holds it, since when its client is away. Changed
/// under the registry's lock; <see cref="IsAway"/> and <see cref="Session"/> are read without it.
/// </summary>
internal sealed class ClientSession(string clientId)
{
    public string ClientId { get; } = clientId;

    /// <summary>Seconds the session outlives its connection; 0: it ends with it.</summary>
    public uint ExpirySeconds { get; set; }

    public bool Persistent => ExpirySeconds > 0;

    /// <summary>What the latest CONNECT asked for, when the broker keeps the session for less: the CONNACK says so.</summary>
    public uint? CappedExpiry { get; set; }

    /// <summary>CONNECTs admitted whose connection neither started nor ended yet, and when the latest was.</summary>
    public int Pending { get; set; }

    public long PendingSince { get; set; }

    /// <summary>The CONNECT packet of the connection that holds the session (one object per connection), or null.</summary>
    public MQTTnet.Packets.MqttConnectPacket? Connection { get; set; }

    public MqttProtocolVersion Version { get; set; }

    /// <summary>Its place among the sessions whose client is away, the longest away first; null while connected or connecting.</summary>
    public LinkedListNode<ClientSession>? Away
    {
        get => Volatile.Read(ref _away);
        set => Volatile.Write(ref _away, value);
    }

    private LinkedListNode<ClientSession>? _away;

    public bool IsAway => Away is not null;

    public long AwaySince { get; set; }

    /// <summary>MQTTnet's session, once a connection held it: where queued packets are acknowledged when dropped.</summary>
    public MqttSession? Session
    {
        get => Volatile.Read(ref _session);
        set => Volatile.Write(ref _session, value);
    }

    private MqttSession? _session;

    /// <summary>Set while MQTTnet deletes the session; a CONNECT with this id waits for it.</summary>
    public TaskCompletionSource? Deletion { get; set; }
}
