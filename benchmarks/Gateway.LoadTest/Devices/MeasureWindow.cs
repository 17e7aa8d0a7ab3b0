using System.Diagnostics;

namespace Gateway.LoadTest.Devices;

/// <summary>
/// When a phase measures, on the <see cref="Stopwatch"/> clock: a message counts if it was sent
/// inside the window, whenever it arrives; warm-up traffic before it is sent but not counted.
/// The window is its stretches one after another (<see cref="Stretch"/>), fixed by
/// <see cref="Open"/> once every connection is up; until then nothing counts.
/// </summary>
public sealed class MeasureWindow
{
    // Where each stretch starts, then where the last one ends.
    private long[] _bounds = [long.MaxValue];

    public long Start => _bounds[0];

    public long End => _bounds[^1];

    public IReadOnlyList<Stretch> Stretches { get; private set; } = [];

    public double Seconds => Stopwatch.GetElapsedTime(Start, End).TotalSeconds;

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    public long StartOf(int stretch) => _bounds[stretch];

    public long EndOf(int stretch) => _bounds[stretch + 1];

    /// <summary>The stretch <paramref name="timestamp"/> falls in, or -1 outside the window.</summary>
    public int StretchAt(long timestamp)
    {
        if (!Contains(timestamp))
            return -1;
        var i = 0;
        while (timestamp >= _bounds[i + 1])
            i++;
        return i;
    }

    /// <summary>Fixes the window <paramref name="warmup"/> from now, its stretches one after the other; returns now.</summary>
    public long Open(TimeSpan warmup, IReadOnlyList<Stretch> stretches)
    {
        var now = Stopwatch.GetTimestamp();
        var bounds = new long[stretches.Count + 1];
        bounds[0] = now + Ticks(warmup);
        for (var i = 0; i < stretches.Count; i++)
            bounds[i + 1] = bounds[i] + Ticks(stretches[i].Duration);
        Stretches = stretches;
        _bounds = bounds;
        return now;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
