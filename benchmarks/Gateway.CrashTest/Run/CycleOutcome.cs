using Gateway.CrashTest.Load;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>What one cycle's load left: the ledger of answers, and what the killed process had logged as errors.</summary>
public sealed record CycleOutcome(Ledger Ledger, LoggedErrors GatewayErrors);
