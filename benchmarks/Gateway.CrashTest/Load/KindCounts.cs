namespace Gateway.CrashTest.Load;

/// <summary>How the requests of one kind ended during one cycle's load; written by many devices at once.</summary>
public sealed class KindCounts
{
    private long _sent;
    private long _confirmed;
    private long _refused;
    private long _unanswered;

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Answered with the gateway's promise (PUBACK success, 202, update/accepted, 200).</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>Answered with a refusal (a PUBACK error code, a 4xx or 5xx, update/rejected): not promised, not checked.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>No answer: in flight when the gateway was killed. Not promised, not checked.</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    public void AddSent() => Interlocked.Increment(ref _sent);

    public void AddConfirmed() => Interlocked.Increment(ref _confirmed);

    public void AddRefused() => Interlocked.Increment(ref _refused);

    public void AddUnanswered() => Interlocked.Increment(ref _unanswered);
}
