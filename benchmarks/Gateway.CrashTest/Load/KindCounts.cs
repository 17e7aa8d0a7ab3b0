namespace Gateway.CrashTest.Load;

/// <summary>
/// How the requests of one kind ended during one cycle's load; written by many devices at once.
/// Each request ends once, as confirmed, refused or unanswered, however often it was sent again;
/// the "not now" answers on the way are counted apart.
/// </summary>
public sealed class KindCounts
{
    private long _sent;
    private long _confirmed;
    private long _refused;
    private long _unanswered;
    private long _retryLater;
    private long _retryAfterGiven;
    private long _takenOnResend;

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Answered with the gateway's promise (PUBACK success, 202, update/accepted, 200).</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>Ended with a refusal (a PUBACK error code, a 4xx or 5xx, update/rejected, or "not now" with no resend left): not promised, not checked.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>No answer: in flight when the gateway was killed, timed out, or cut off when the load stopped. Not promised, not checked.</summary>
    public long Unanswered => Interlocked.Read(ref _unanswered);

    /// <summary>"Not now" answers (HTTP 503, PUBACK 0x80 or 0x97), each followed by the same request again while the budget allowed.</summary>
    public long RetryLater => Interlocked.Read(ref _retryLater);

    /// <summary>Of the HTTP 503s, those that said when to try again (Retry-After).</summary>
    public long RetryAfterGiven => Interlocked.Read(ref _retryAfterGiven);

    /// <summary>Confirmed only after one or more "not now" answers: what a device's resending got in the end.</summary>
    public long TakenOnResend => Interlocked.Read(ref _takenOnResend);

    public void AddSent() => Interlocked.Increment(ref _sent);

    public void AddConfirmed() => Interlocked.Increment(ref _confirmed);

    public void AddRefused() => Interlocked.Increment(ref _refused);

    public void AddUnanswered() => Interlocked.Increment(ref _unanswered);

    public void AddRetryLater(bool retryAfterGiven)
    {
        Interlocked.Increment(ref _retryLater);
        if (retryAfterGiven)
            Interlocked.Increment(ref _retryAfterGiven);
    }

    public void AddTakenOnResend() => Interlocked.Increment(ref _takenOnResend);
}
