using System.Globalization;

namespace Gateway.LoadTest.Measurement;

/// <summary>
/// CPU time and resident memory of one process, read from /proc/{pid}/stat (utime + stime) and
/// /proc/{pid}/status (VmRSS). CPU is given in percent of one core, so 200 % is both cores of a
/// two-core machine. The progress line samples once a second; the phase marks the start of its
/// window and reads the average at its end, each with its own reading of the clock.
/// </summary>
public sealed class ProcessSampler(string name, int pid)
{
    // USER_HZ, the unit of utime and stime: 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    private readonly Lock _gate = new();
    private (double CpuSeconds, DateTime At) _lastSample;
    private (double CpuSeconds, DateTime At) _mark;
    private long _peakRss;

    public string Name { get; } = name;

    /// <summary>CPU use between the last two samples.</summary>
    public double CurrentCpuPercent { get; private set; }

    public long CurrentRssBytes { get; private set; }

    /// <summary>The largest resident size sampled since <see cref="Mark"/>.</summary>
    public long PeakRssBytes
    {
        get
        {
            lock (_gate)
                return _peakRss;
        }
    }

    /// <summary>Reads the process now, for the progress line; called once a second.</summary>
    public void Sample()
    {
        if (!TryRead(out var reading, out var rss))
            return;
        lock (_gate)
        {
            if (_lastSample.At != default)
                CurrentCpuPercent = Percent(_lastSample, reading);
            _lastSample = reading;
            CurrentRssBytes = rss;
            _peakRss = Math.Max(_peakRss, rss);
        }
    }

    /// <summary>Starts a measured span: CPU from here and the peak resident size are counted afresh.</summary>
    public void Mark()
    {
        if (!TryRead(out var reading, out var rss))
            return;
        lock (_gate)
        {
            _mark = reading;
            _peakRss = rss;
        }
    }

    /// <summary>Average CPU since <see cref="Mark"/>, in percent of one core.</summary>
    public double CpuPercentSinceMark()
    {
        if (!TryRead(out var reading, out var rss))
            return 0;
        lock (_gate)
        {
            _peakRss = Math.Max(_peakRss, rss);
            return Percent(_mark, reading);
        }
    }

    private static double Percent((double CpuSeconds, DateTime At) from, (double CpuSeconds, DateTime At) to)
    {
        var seconds = (to.At - from.At).TotalSeconds;
        return seconds > 0 ? (to.CpuSeconds - from.CpuSeconds) / seconds * 100 : 0;
    }

    /// <summary>One reading of the process's CPU time and resident size, leaving the samples and the mark alone.</summary>
    public bool TryRead(out (double CpuSeconds, DateTime At) reading, out long rssBytes)
    {
        reading = default;
        rssBytes = 0;
        try
        {
            var at = DateTime.UtcNow;
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces; fields count from after it.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of the file (utime, stime) are 11 and 12 after the name and state.
            var cpuSeconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            reading = (cpuSeconds, at);
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                rssBytes = long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                break;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // The process is gone (or was never there): nothing to add.
            return false;
        }
    }
}
