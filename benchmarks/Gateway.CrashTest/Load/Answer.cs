namespace Gateway.CrashTest.Load;

/// <summary>
/// How the gateway answered one attempt of a request: taken (with what it gave back, e.g. the
/// command id), refused for good, or "not now" (<paramref name="NotNowCode"/>: HTTP 503, PUBACK
/// 0x80 or 0x97, with the gateway's reason), which a device or client answers by sending the same request again later,
/// after <paramref name="RetryAfter"/> when the gateway said how long.
/// </summary>
public sealed record Answer(bool Taken, string? Value, string? NotNowCode, string Reason, TimeSpan? RetryAfter)
{
    public bool NotNow => NotNowCode is not null;

    public static Answer Took(string? value = null) => new(true, value, null, "", null);

    public static Answer Refused(string reason) => new(false, null, null, reason, null);

    public static Answer Later(string code, string reason, TimeSpan? retryAfter = null) => new(false, null, code, reason, retryAfter);
}
