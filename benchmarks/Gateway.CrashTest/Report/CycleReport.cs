namespace Gateway.CrashTest.Report;

/// <summary>One cycle: when the kill came, how long the restart took, and what was checked and lost, per kind.</summary>
public sealed record CycleReport(
    int Cycle,
    double KillAfterS,
    double RestartS,
    long Checked,
    long Lost,
    IReadOnlyList<KindTally> Kinds,
    IReadOnlyList<string> LostExamples,
    IReadOnlyList<string> Refusals,
    int GatewayErrorsBeforeKill,
    IReadOnlyList<string> FirstGatewayErrors);
