namespace Gateway.CrashTest.Report;

/// <summary>
/// One kind over one cycle (or the run): requests sent; how they ended (confirmed, refused,
/// unanswered); the "not now" answers on the way (HTTP 503, of them with Retry-After, or PUBACK
/// 0x80/0x97) and the requests confirmed only after them; and of the confirmed, how many were
/// checked after the fault and how many of those were missing.
/// </summary>
public sealed record KindTally(string Kind, string ConfirmedBy, long Sent, long Confirmed, long Refused, long Unanswered,
    long RetryLater, long RetryAfterGiven, long TakenOnResend, long Checked, long Lost)
{
    public static KindTally Sum(IEnumerable<KindTally> tallies)
    {
        var all = tallies.ToList();
        return new KindTally(all[0].Kind, all[0].ConfirmedBy, all.Sum(t => t.Sent), all.Sum(t => t.Confirmed), all.Sum(t => t.Refused),
            all.Sum(t => t.Unanswered), all.Sum(t => t.RetryLater), all.Sum(t => t.RetryAfterGiven), all.Sum(t => t.TakenOnResend),
            all.Sum(t => t.Checked), all.Sum(t => t.Lost));
    }
}
