namespace Gateway.CrashTest.Report;

/// <summary>
/// One cycle: when the fault came, how long the restart took (a kill cycle) or the outage's
/// timings (an outage cycle), what was checked and lost, per kind, the command answers found
/// recorded as late, the "not now" answers by code, and the errors the gateway logged during the load.
/// </summary>
public sealed record CycleReport(
    int Cycle,
    double FaultAfterS,
    double? RestartS,
    OutageFigures? Outage,
    long Checked,
    long Lost,
    long LateAnswers,
    IReadOnlyList<KindTally> Kinds,
    IReadOnlyDictionary<string, long> NotNowByCode,
    IReadOnlyList<string> LostExamples,
    IReadOnlyList<string> Refusals,
    IReadOnlyList<string> NotNowExamples,
    int GatewayErrors,
    IReadOnlyList<string> FirstGatewayErrors);
