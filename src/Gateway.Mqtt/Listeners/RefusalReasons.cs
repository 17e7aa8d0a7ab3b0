namespace Gateway.Mqtt.Listeners;

/// <summary>Why a connection was closed before MQTTnet read a packet: the <c>reason</c> tag of <c>gateway.mqtt.connections.refused</c>.</summary>
public static class RefusalReasons
{
    public const string PacketTooLarge = "packet-too-large";
    public const string Malformed = "malformed";
    public const string NoConnect = "no-connect";
    public const string ConnectTimeout = "connect-timeout";
    public const string MaxConnections = "max-connections";
    public const string TlsHandshake = "tls-handshake";
    public const string TopicAlias = "topic-alias";
}
