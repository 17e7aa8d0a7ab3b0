using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Commands;

/// <summary>
/// Commands sent over the HTTP API with ?wait=true and how each ended: 200 when the device
/// acknowledged it, 504 when it timed out after the family's attempts, anything else an error.
/// </summary>
public sealed class CommandStats
{
    private const int SampleLimit = 5;
    private readonly Lock _gate = new();
    private readonly List<string> _errorSamples = [];
    private long _issued;
    private long _acknowledged;
    private long _timedOut;
    private long _acknowledgedButTimedOut;
    private long _ignoredButAcknowledged;
    private long _errors;
    private long _skipped;

    /// <summary>Request start to the 200 reply.</summary>
    public LatencyHistogram AcknowledgedLatency { get; } = new();

    /// <summary>Request start to the 504 reply: the acknowledgement timeout times the attempts, plus the backoffs.</summary>
    public LatencyHistogram TimedOutLatency { get; } = new();

    public long Issued => Volatile.Read(ref _issued);

    public long Acknowledged => Volatile.Read(ref _acknowledged);

    public long TimedOut => Volatile.Read(ref _timedOut);

    /// <summary>Commands the device acknowledged that still ended timed out: the acknowledgement was lost or came too late.</summary>
    public long AcknowledgedButTimedOut => Volatile.Read(ref _acknowledgedButTimedOut);

    /// <summary>Commands the device ignored that still ended acknowledged: should never happen.</summary>
    public long IgnoredButAcknowledged => Volatile.Read(ref _ignoredButAcknowledged);

    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Commands not sent because too many were still waiting for their answer.</summary>
    public long Skipped => Volatile.Read(ref _skipped);

    public IReadOnlyList<string> ErrorSamples
    {
        get
        {
            lock (_gate)
                return _errorSamples.ToArray();
        }
    }

    public void Issue() => Interlocked.Increment(ref _issued);

    public void Skip() => Interlocked.Increment(ref _skipped);

    public void Settled(bool acknowledged, bool meantToBeIgnored, long start, long now)
    {
        if (acknowledged)
        {
            Interlocked.Increment(ref _acknowledged);
            if (meantToBeIgnored)
                Interlocked.Increment(ref _ignoredButAcknowledged);
            AcknowledgedLatency.RecordSince(start, now);
        }
        else
        {
            Interlocked.Increment(ref _timedOut);
            if (!meantToBeIgnored)
                Interlocked.Increment(ref _acknowledgedButTimedOut);
            TimedOutLatency.RecordSince(start, now);
        }
    }

    public void Failed(string what)
    {
        Interlocked.Increment(ref _errors);
        lock (_gate)
        {
            if (_errorSamples.Count < SampleLimit)
                _errorSamples.Add(what);
        }
    }
}
