namespace Gateway.CrashTest.Report;

/// <summary>
/// One kind over one cycle (or the run): requests sent; how they ended (confirmed, refused,
/// unanswered because the gateway died under them); and of the confirmed, how many were checked
/// after the restart and how many of those were missing.
/// </summary>
public sealed record KindTally(string Kind, string ConfirmedBy, long Sent, long Confirmed, long Refused, long Unanswered, long Checked, long Lost)
{
    public static KindTally Sum(IEnumerable<KindTally> tallies)
    {
        var all = tallies.ToList();
        return new KindTally(all[0].Kind, all[0].ConfirmedBy, all.Sum(t => t.Sent), all.Sum(t => t.Confirmed), all.Sum(t => t.Refused),
            all.Sum(t => t.Unanswered), all.Sum(t => t.Checked), all.Sum(t => t.Lost));
    }
}
