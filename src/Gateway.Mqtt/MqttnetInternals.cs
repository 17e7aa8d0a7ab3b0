using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using MQTTnet.AspNetCore;
using MQTTnet.Packets;
using MQTTnet.Server;
using MQTTnet.Server.Internal;

namespace Gateway.Mqtt;

/// <summary>
/// What MQTTnet 5.2 keeps private and the broker needs, read without reflection: the CONNECT
/// packet behind its event args (to give a client an id, to know one connection from the next),
/// a session behind its status (to queue and acknowledge packets in it), and the Kestrel
/// connection behind a client's channel (to reach that connection's <see cref="Listeners.ListenerGuard"/> state).
/// </summary>
internal static class MqttnetInternals
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_connectPacket")]
    public static extern ref MqttConnectPacket ConnectPacket(ValidatingConnectionEventArgs args);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_connectPacket")]
    public static extern ref MqttConnectPacket ConnectPacket(ClientConnectedEventArgs args);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_connectPacket")]
    public static extern ref MqttConnectPacket ConnectPacket(ClientDisconnectedEventArgs args);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_session")]
    public static extern ref MqttSession Session(MqttSessionStatus status);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_connection")]
    public static extern ref ConnectionContext Connection(MqttConnectionContext channel);
}
