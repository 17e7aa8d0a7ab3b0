namespace Gateway.MqttHttp;

/// <summary>
/// One message the broker accepted that matched at least one HTTP subscription. It is built once
/// and shared by every subscription it matches; so is its JSON body, which is built by whichever
/// consumer needs it first rather than on the broker's thread (two consumers building it at once
/// build the same bytes, so that race is harmless).
/// </summary>
public sealed record BridgedMessage(string Topic, byte[] Payload, int Qos, bool Retain, DateTimeOffset ReceivedAt)
{
    private byte[]? _body;

    /// <summary>The callback body and SSE <c>data</c>: <see cref="MessageEnvelope"/> as compact JSON, one line.</summary>
    public byte[] Body => _body ??= MessageEnvelope.Serialize(this);
}
