namespace Gateway.Mqtt;

/// <summary>A publication on behalf of a client (<c>POST /mqtt/publish</c>) that the broker did not take.</summary>
public sealed class TransportUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
