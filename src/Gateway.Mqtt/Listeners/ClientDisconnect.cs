using MQTTnet.Protocol;

namespace Gateway.Mqtt.Listeners;

/// <summary>An MQTT 5 client to be sent a DISCONNECT with this reason before its connection closes.</summary>
internal sealed record ClientDisconnect(string ClientId, MqttDisconnectReasonCode ReasonCode, string Reason);
