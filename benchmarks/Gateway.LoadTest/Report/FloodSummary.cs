using System.Diagnostics;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Report;

/// <summary>Turns a flood run's counters and server readings into its <see cref="FloodReport"/>.</summary>
public static class FloodSummary
{
    /// <param name="drainEnd">When the phase stopped waiting for telemetry: the drain's end, and the last second reported.</param>
    /// <param name="readings">The server read at the window's start and each second after it; empty without a server process.</param>
    public static FloodReport Of(StretchTracker tracker, MeasureWindow window, long drainEnd, IReadOnlyList<SecondSampler.Reading> readings, bool qos1)
    {
        var windowSeconds = (int)Math.Round(window.Seconds);
        var drainSeconds = Stopwatch.GetElapsedTime(window.End, drainEnd).TotalSeconds;
        var secondCount = Math.Min(tracker.Seconds.Count, (int)Math.Ceiling(windowSeconds + drainSeconds));
        var names = window.Stretches.Select(s => s.Name).Append("drain").ToArray();
        var seconds = Enumerable.Range(0, secondCount).Select(k => Second(tracker, k, names, readings, qos1)).ToList();

        var stretches = new List<StretchReport>();
        var first = 0;
        for (var i = 0; i < names.Length; i++)
        {
            var drain = i == window.Stretches.Count;
            var length = drain ? drainSeconds : window.Stretches[i].Duration.TotalSeconds;
            var last = drain ? readings.Count - 1 : first + (int)length;
            stretches.Add(Stretch(tracker.Stretches[i], names[i], drain ? null : window.Stretches[i].Rate, length, qos1,
                lossesCount: !drain && names[i] != "flood", readings, first, last));
            first = last;
        }

        var before = stretches[0].Latency.P99Ms;
        var after = seconds.Where(s => s.Stretch == names[^2]).ToList();
        var refusedBy = qos1 ? tracker.RefusedBy.ToDictionary(r => $"{r.Key} (0x{(int)r.Key:X2})", r => r.Value) : null;
        return new FloodReport(stretches, seconds, Recovery.Of(before, after),
            readings.Count == 0 ? null : Mb(readings.Max(r => r.RssBytes)), refusedBy);
    }

    private static SecondReport Second(StretchTracker tracker, int k, string[] names, IReadOnlyList<SecondSampler.Reading> readings, bool qos1)
    {
        var c = tracker.Seconds[k];
        var reflected = c.Reflected > 0;
        // The reading at the second's end, or at its start if the sampler stopped before.
        var rss = k + 1 < readings.Count ? readings[k + 1].RssBytes : k < readings.Count ? readings[k].RssBytes : (long?)null;
        return new SecondReport(k, names[tracker.StretchOfSecond(k)], c.Sent, c.Seen, c.Sent - c.Reflected, qos1 ? c.Refused : null,
            reflected ? c.Latency.PercentileMs(50) : null, reflected ? c.Latency.PercentileMs(99) : null, rss is { } r ? Mb(r) : null);
    }

    /// <param name="askedRate">Null for the drain, which sends nothing.</param>
    /// <param name="lossesCount">Whether a QoS 0 message not reflected is a loss: not in the flood, where the gateway may drop it on purpose.</param>
    private static StretchReport Stretch(StretchCounter c, string name, double? askedRate, double seconds, bool qos1, bool lossesCount,
        IReadOnlyList<SecondSampler.Reading> readings, int firstReading, int lastReading)
    {
        var notReflected = c.Sent - c.Reflected;
        var span = readings.Skip(firstReading).Take(lastReading - firstReading + 1).ToList();
        double? cpu = span.Count >= 2 && (span[^1].At - span[0].At).TotalSeconds is var wall and > 0
            ? Math.Round((span[^1].CpuSeconds - span[0].CpuSeconds) / wall * 100, 1)
            : null;
        return new StretchReport(name, askedRate, Math.Round(seconds, 2), c.Sent, PerSecond(c.Sent, seconds), PerSecond(c.Seen, seconds),
            c.Reflected, c.Coalesced, notReflected,
            Lost: !qos1 && lossesCount ? notReflected : null,
            Acknowledged: qos1 && askedRate is not null ? c.Acknowledged : null,
            AcknowledgedButLost: qos1 && askedRate is not null ? c.Acknowledged - c.AcknowledgedReflected : null,
            Refused: qos1 && askedRate is not null ? c.Refused : null,
            Unanswered: qos1 && askedRate is not null ? c.Sent - c.Acknowledged - c.Refused : null,
            c.Latency.Summary(), cpu, span.Count == 0 ? null : Mb(span.Max(r => r.RssBytes)));
    }

    private static double PerSecond(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
}
