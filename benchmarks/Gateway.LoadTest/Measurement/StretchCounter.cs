namespace Gateway.LoadTest.Measurement;

/// <summary>
/// The telemetry of one stretch of a flood run, or of one second of it: messages sent in it and
/// what came of them (reflected by a state publication, their latency, at QoS 1 their PUBACK),
/// and the deliveries seen while it lasted. Counted from any thread.
/// </summary>
public sealed class StretchCounter(int significantDigits)
{
    private long _sent;
    private long _reflected;
    private long _coalesced;
    private long _seen;
    private long _acknowledged;
    private long _acknowledgedReflected;
    private long _refused;

    /// <summary>Latency of the messages sent in it, whenever they were reflected.</summary>
    public LatencyHistogram Latency { get; } = new(significantDigits);

    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Messages sent in it that a state publication reflected (theirs or a later one of the device) by the end.</summary>
    public long Reflected => Volatile.Read(ref _reflected);

    /// <summary>
    /// Of those, the ones reflected only by a later message of the device. The state keeps only the
    /// latest values, so whether such a message was taken or dropped cannot be told from it.
    /// </summary>
    public long Coalesced => Volatile.Read(ref _coalesced);

    /// <summary>Deliveries seen while it lasted, of messages sent whenever: the rate the target sustained.</summary>
    public long Seen => Volatile.Read(ref _seen);

    /// <summary>QoS 1 messages sent in it that the target answered with a PUBACK reason code below 0x80.</summary>
    public long Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Of those, the ones reflected too.</summary>
    public long AcknowledgedReflected => Volatile.Read(ref _acknowledgedReflected);

    /// <summary>QoS 1 messages sent in it that the target answered with an error reason code: the device is to send them again.</summary>
    public long Refused => Volatile.Read(ref _refused);

    public void AddSent() => Interlocked.Increment(ref _sent);

    public void AddSeen() => Interlocked.Increment(ref _seen);

    public void AddReflected(long sentAt, long now, bool coalesced)
    {
        Interlocked.Increment(ref _reflected);
        if (coalesced)
            Interlocked.Increment(ref _coalesced);
        Latency.RecordSince(sentAt, now);
    }

    public void AddAnswer(bool acknowledged)
    {
        if (acknowledged)
            Interlocked.Increment(ref _acknowledged);
        else
            Interlocked.Increment(ref _refused);
    }

    public void AddAcknowledgedReflected() => Interlocked.Increment(ref _acknowledgedReflected);
}
