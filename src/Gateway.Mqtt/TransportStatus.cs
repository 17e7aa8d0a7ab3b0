namespace Gateway.Mqtt;

/// <summary>
/// Whether the transport can carry messages now, and in a few words why (<c>listening on 0.0.0.0:1883</c>,
/// <c>connected to mqtt://broker:1883</c>, <c>disconnected from mqtt://broker:1883: connection refused, retrying in 4 s</c>).
/// </summary>
public sealed record TransportStatus(bool IsReady, string Description);
