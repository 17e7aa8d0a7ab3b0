namespace Gateway.Mqtt;

/// <summary>
/// One message the transport received, in no MQTT library's types. A struct handed to each
/// <see cref="InboundHandler"/> by reference, so receiving costs no allocation beyond the broker's own.
/// </summary>
/// <param name="Payload">The MQTT library's own array when it allows (see <see cref="MqttPayload.AsArray"/>): nobody writes to it once received.</param>
/// <param name="SenderClientId">The publishing client's id, or null when the broker does not say (an external broker never does).</param>
/// <param name="ForDevices">A device message to ingest: not the gateway's own publication, and on an external broker one that came through the device subscriptions.</param>
/// <param name="ForObservers">A message for the HTTP subscriptions (<c>/mqtt/*</c>), which match their own filters.</param>
/// <param name="Replayed">A retained copy the broker sent because the gateway subscribed, not a new publication.</param>
public readonly record struct InboundMessage(string Topic, byte[] Payload, int Qos, bool Retain, string? SenderClientId, bool ForDevices, bool ForObservers, bool Replayed = false);
