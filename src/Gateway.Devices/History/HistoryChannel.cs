namespace Gateway.Devices.History;

/// <summary>The parts of a device's journal that are history: queried by time and subject to retention.</summary>
public enum HistoryChannel
{
    Events,
    Transcript,
    Telemetry,
}
