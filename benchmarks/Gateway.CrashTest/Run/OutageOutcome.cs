using Gateway.CrashTest.Load;
using Gateway.CrashTest.Report;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>What one outage cycle left: the ledger of answers, the errors the gateway logged during the cycle, and the outage's timings.</summary>
public sealed record OutageOutcome(Ledger Ledger, LoggedErrors GatewayErrors, OutageFigures Figures);
