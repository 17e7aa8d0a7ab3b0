using System.Buffers;
using Gateway.Mqtt.Security;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// One client connection as <see cref="ListenerGuard"/> watches it: whether its CONNECT has
/// arrived (before the deadline), and whether each packet it announces is within the limit.
/// </summary>
internal sealed class GuardedConnection(ConnectionContext context, InputLimits limits, SecurityEvents events)
{
    private int _connected;

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>Whether the connection reached the broker's reader (on a TLS listener: whether its handshake succeeded).</summary>
    public bool Bound { get; set; }

    public bool TimedOut { get; private set; }

    /// <summary>Checks the fixed header at the start of <paramref name="buffer"/>; refuses the connection on a violation.</summary>
    public void Inspect(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty)
            return;
        if (!FixedHeader.TryRead(buffer, out var header, out var malformed))
        {
            if (malformed)
                Refuse(RefusalReasons.Malformed, "a remaining length longer than four bytes");
            return;
        }
        if (!Connected && header.Type != FixedHeader.Connect)
            Refuse(RefusalReasons.NoConnect, $"a first packet of type {header.Type}, not CONNECT");
        if (header.PacketBytes > limits.MaxPacketBytes)
            Refuse(RefusalReasons.PacketTooLarge, $"a packet of {header.PacketBytes} bytes, over max-packet-bytes ({limits.MaxPacketBytes})");
        if (!Connected && buffer.Length >= header.PacketBytes)
            Volatile.Write(ref _connected, 1);
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

    private void Refuse(string reason, string detail)
    {
        events.ConnectionRefused(reason, context.RemoteEndPoint, $"it sent {detail}");
        var refusal = new ConnectionAbortedException($"refused: {detail}");
        context.Abort(refusal);
        // MQTTnet must not go on reading what this connection sent.
        throw refusal;
    }
}
