namespace Gateway.Contracts;

/// <summary>What a device-side topic carries, independent of the family that spells it.</summary>
public enum DeviceChannel : byte
{
    Telemetry = 1,
    Status = 2,
    Events = 3,
    Transcript = 4,
}
