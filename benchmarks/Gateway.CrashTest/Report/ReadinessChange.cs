namespace Gateway.CrashTest.Report;

/// <summary>
/// <c>/readyz</c> began to answer <paramref name="Status"/> (null: no answer within the poll's
/// timeout) at <paramref name="AtS"/> seconds of the cycle's load; <paramref name="Detail"/> is its
/// journal check (the breaker's state) or why there was no answer.
/// </summary>
public sealed record ReadinessChange(double AtS, int? Status, string Detail);
