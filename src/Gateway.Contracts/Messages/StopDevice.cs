namespace Gateway.Contracts.Messages;

/// <summary>
/// Asks a device actor to stop once its coalesced telemetry is journaled: the message sharding
/// sends on hand-off and at shutdown, instead of a PoisonPill that would drop the last window.
/// </summary>
public sealed class StopDevice
{
    public static readonly StopDevice Instance = new();
}
