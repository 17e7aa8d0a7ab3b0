using System.Diagnostics;

namespace Gateway.LoadTest.Devices;

/// <summary>
/// When a phase measures, on the <see cref="Stopwatch"/> clock: a message counts if it was sent
/// inside the window, whenever it arrives; warm-up traffic before it is sent but not counted.
/// The window is fixed by <see cref="Open"/> once every connection is up; until then nothing counts.
/// </summary>
public sealed class MeasureWindow
{
    public long Start { get; private set; } = long.MaxValue;

    public long End { get; private set; } = long.MaxValue;

    public double Seconds => Stopwatch.GetElapsedTime(Start, End).TotalSeconds;

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    /// <summary>Fixes the window <paramref name="warmup"/> from now, for <paramref name="duration"/>; returns now.</summary>
    public long Open(TimeSpan warmup, TimeSpan duration)
    {
        var now = Stopwatch.GetTimestamp();
        Start = now + Ticks(warmup);
        End = Start + Ticks(duration);
        return now;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
