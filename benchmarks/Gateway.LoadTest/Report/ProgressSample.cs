namespace Gateway.LoadTest.Report;

/// <summary>One progress line, kept for report.json so start-up transients and stalls can be seen afterwards.</summary>
public sealed record ProgressSample(
    double ElapsedS,
    string Stage,
    long SentPerSecond,
    long PublicationsPerSecond,
    double P99Ms,
    double? ServerCpuPercent,
    double? ServerRssMb,
    double ToolCpuPercent);
