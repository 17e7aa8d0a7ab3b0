namespace Gateway.Mqtt;

/// <summary>
/// Counts occurrences and lets one report through per interval with how many there were since the
/// last, without a lock or an allocation: for warnings a flood would otherwise log thousands of times a second.
/// </summary>
internal sealed class IntervalTally(TimeSpan interval)
{
    private long _unreported;
    private long _nextReport;

    /// <summary>Counts one; returns how many to report now (this one included), or 0 when no report is due.</summary>
    public long Add()
    {
        Interlocked.Increment(ref _unreported);
        var now = Environment.TickCount64;
        var next = Volatile.Read(ref _nextReport);
        if (now < next || Interlocked.CompareExchange(ref _nextReport, now + (long)interval.TotalMilliseconds, next) != next)
            return 0;
        return Interlocked.Exchange(ref _unreported, 0);
    }
}
