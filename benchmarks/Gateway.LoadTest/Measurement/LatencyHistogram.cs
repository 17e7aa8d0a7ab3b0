using System.Diagnostics;
using HdrHistogram;

namespace Gateway.LoadTest.Measurement;

/// <summary>
/// Latencies in microseconds, from 1 µs to one hour with three significant digits unless told
/// fewer (each digit less makes the histogram about eight times smaller). Recording is safe from
/// any thread; a summary taken while recording goes on is approximate, which is all the progress
/// line needs.
/// </summary>
public sealed class LatencyHistogram(int significantDigits = 3)
{
    private static readonly long HighestMicros = (long)TimeSpan.FromHours(1).TotalMicroseconds;
    private readonly LongConcurrentHistogram _histogram = new(1, HighestMicros, significantDigits);

    public void RecordSince(long startTimestamp, long now)
    {
        var micros = (long)(Stopwatch.GetElapsedTime(startTimestamp, now).TotalMicroseconds);
        _histogram.RecordValue(Math.Clamp(micros, 1, HighestMicros));
    }

    public double PercentileMs(double percentile) =>
        _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public LatencySummary Summary() => _histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            _histogram.TotalCount,
            Round(_histogram.GetMean() / 1000.0),
            PercentileMs(50),
            PercentileMs(90),
            PercentileMs(99),
            PercentileMs(99.9),
            _histogram.GetMaxValue() / 1000.0);

    private static double Round(double ms) => Math.Round(ms, 3);
}
