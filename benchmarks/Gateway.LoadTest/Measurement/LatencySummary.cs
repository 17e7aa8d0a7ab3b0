namespace Gateway.LoadTest.Measurement;

/// <summary>A latency distribution in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs);
