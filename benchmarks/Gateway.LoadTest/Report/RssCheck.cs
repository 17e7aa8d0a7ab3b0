namespace Gateway.LoadTest.Report;

/// <summary>
/// The gateway's peak resident memory against --rss-limit. The peak is the largest reading over the
/// measured window and, in a flood run, the drain after it, when the backlog is still worked off.
/// </summary>
public sealed record RssCheck(double LimitMb, double? PeakMb, bool Within)
{
    public static RssCheck Of(double limitMb, PhaseReport target)
    {
        double?[] peaks = [target.Resources.ServerPeakRssMb, target.Flood?.ServerPeakRssMb];
        var peak = peaks.Max();
        return new RssCheck(limitMb, peak, peak <= limitMb);
    }
}
