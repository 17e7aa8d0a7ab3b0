namespace Gateway.CrashTest.Options;

/// <summary>
/// One run of the crash tool: how many cycles, which fault each brings (kill -9, or a PostgreSQL
/// outage of <paramref name="Outage"/>), on which journal, with which random seed, how many
/// devices, when the fault may come, and how busy each device is until then.
/// </summary>
public sealed record CrashOptions(
    int Cycles,
    FaultKind Fault,
    TimeSpan Outage,
    StoreKind Store,
    int Seed,
    int Devices,
    TimeSpan KillAfterMin,
    TimeSpan KillAfterMax,
    TimeSpan PauseMax,
    string OutDir,
    string? GatewayDll);
