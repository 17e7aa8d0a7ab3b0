namespace Gateway.CrashTest.Options;

/// <summary>
/// One run of the crash tool: how many kill -9 cycles, on which journal, with which random seed,
/// how many devices, when the kill may come, and how busy each device is until then.
/// </summary>
public sealed record CrashOptions(
    int Cycles,
    StoreKind Store,
    int Seed,
    int Devices,
    TimeSpan KillAfterMin,
    TimeSpan KillAfterMax,
    TimeSpan PauseMax,
    string OutDir,
    string? GatewayDll);
