namespace Gateway.CrashTest.Report;

/// <summary>
/// One outage cycle's timings, in seconds: how long PostgreSQL's fast shutdown took
/// (<paramref name="PostgresStopS"/>); from the stop's start until <c>/readyz</c> answered 503
/// (<paramref name="NotReadyAfterS"/>, null if it never did while PostgreSQL was down) and that
/// answer's journal check (<paramref name="ReadinessDetail"/>, the breaker's state); how often it
/// answered 200 again while PostgreSQL was still down (<paramref name="ReadyWhileDown"/>); how long
/// PostgreSQL stayed down (<paramref name="DownS"/>) and took to start (<paramref name="PostgresStartS"/>);
/// from the start's start until <c>/readyz</c> answered 200 (<paramref name="ReadyAgainAfterS"/>)
/// and until the last "not now" answer a device or client got (<paramref name="LastNotNowAfterS"/>,
/// null if none came after the start: readiness can say 200 while writes are still refused);
/// how long the devices then took to finish what they were sending (<paramref name="DrainS"/>); and
/// every change of <c>/readyz</c> during the cycle.
/// </summary>
public sealed record OutageFigures(
    double PostgresStopS,
    double? NotReadyAfterS,
    string? ReadinessDetail,
    int ReadyWhileDown,
    double DownS,
    double PostgresStartS,
    double ReadyAgainAfterS,
    double? LastNotNowAfterS,
    double DrainS,
    IReadOnlyList<ReadinessChange> Readiness);
