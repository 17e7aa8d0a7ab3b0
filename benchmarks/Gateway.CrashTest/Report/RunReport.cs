namespace Gateway.CrashTest.Report;

/// <summary>
/// report.json: the whole run. <c>TotalChecked</c> counts each confirmation once (after its own
/// cycle's restart, or recovery from the outage); <c>TotalLost</c> adds what the final check found missing.
/// </summary>
public sealed record RunReport(
    DateTimeOffset StartedAt,
    string CommandLine,
    OptionsReport Options,
    string Machine,
    string Store,
    string GatewayDll,
    double DurationS,
    long TotalChecked,
    long TotalLost,
    IReadOnlyList<KindTally> Totals,
    IReadOnlyList<KindCheck> FinalCheck,
    IReadOnlyList<string> FinalLostExamples,
    IReadOnlyList<CycleReport> Cycles,
    bool StoppedCleanly);

/// <summary>The options the run had, the seed included, so that it can be repeated.</summary>
public sealed record OptionsReport(int Cycles, string Fault, double OutageS, string Store, int Seed, int Devices, double KillAfterMinS, double KillAfterMaxS, double PauseMaxMs);
