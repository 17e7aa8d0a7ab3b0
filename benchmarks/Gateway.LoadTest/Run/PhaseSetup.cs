using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Run;

/// <summary>
/// Where one phase sends its load. <paramref name="GatewayStates"/>: the other side is a gateway
/// whose state publications are observed; else a broker that relays the telemetry itself.
/// <paramref name="ApiUrl"/>: the gateway's HTTP API for commands, null for none.
/// </summary>
public sealed record PhaseSetup(string Name, string Target, string MqttHost, int MqttPort, bool GatewayStates, Uri? ApiUrl, ProcessSampler? Server);
