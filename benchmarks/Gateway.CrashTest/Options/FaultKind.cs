namespace Gateway.CrashTest.Options;

/// <summary>What breaks in each cycle: the gateway process (SIGKILL, then a restart), or the journal's PostgreSQL under a running gateway.</summary>
public enum FaultKind
{
    Kill,
    Outage,
}
