using System.Diagnostics;

namespace Gateway.LoadTest.Devices;

/// <summary>
/// How many messages all devices together are due to have sent by a given moment of a phase: the
/// warm-up at <paramref name="warmupRate"/> from <paramref name="start"/>, then each stretch of the
/// window at its own rate. Each connection sends its share of that count, so a rate that changes
/// between stretches changes on every connection at the same moment.
/// </summary>
public sealed class PublishSchedule(long start, double warmupRate, MeasureWindow window)
{
    public double DueBy(long now)
    {
        var due = warmupRate * Seconds(start, Math.Min(now, window.Start));
        for (var i = 0; i < window.Stretches.Count && now > window.StartOf(i); i++)
            due += window.Stretches[i].Rate * Seconds(window.StartOf(i), Math.Min(now, window.EndOf(i)));
        return due;
    }

    /// <summary>The rate asked for at <paramref name="now"/>, all devices together.</summary>
    public double RateAt(long now) => window.StretchAt(now) is var i and >= 0 ? window.Stretches[i].Rate : warmupRate;

    private static double Seconds(long from, long to) => to > from ? Stopwatch.GetElapsedTime(from, to).TotalSeconds : 0;
}
