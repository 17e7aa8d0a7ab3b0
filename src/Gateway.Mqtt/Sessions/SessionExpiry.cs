using MQTTnet.Formatter;

namespace Gateway.Mqtt.Sessions;

/// <summary>How long a client's session outlives its connection, in seconds; 0: it ends with the connection.</summary>
internal static class SessionExpiry
{
    /// <summary>
    /// MQTT 5: the client's Session Expiry Interval, capped to the configured maximum (its "never",
    /// 0xFFFFFFFF, included). MQTT 3.1.1 and 3.1 name no expiry: a session without a clean start is
    /// kept as long as the maximum, as mosquitto's persistent_client_expiration would keep it.
    /// </summary>
    public static uint Of(MqttProtocolVersion version, bool cleanSession, uint requested, uint maxSeconds) => version == MqttProtocolVersion.V500
        ? Math.Min(requested, maxSeconds)
        : cleanSession ? 0 : maxSeconds;

    /// <summary>
    /// Whether MQTTnet keeps the session after the connection closed (its own rule, which this
    /// mirrors): MQTT 5 by the expiry of the DISCONNECT, else of the CONNECT; MQTT 3.1.1 without a
    /// clean session; MQTT 3.1 always.
    /// </summary>
    public static bool KeptByMqttnet(MqttProtocolVersion version, bool cleanSession, uint connectExpiry, uint disconnectExpiry) => version switch
    {
        MqttProtocolVersion.V500 => (disconnectExpiry != 0 ? disconnectExpiry : connectExpiry) != 0,
        MqttProtocolVersion.V311 => !cleanSession,
        _ => true,
    };
}
