namespace Gateway.LoadTest.Report;

/// <summary>How long latency took to come back after the flood; see <see cref="RecoveryReport"/>.</summary>
public static class Recovery
{
    // The bound is twice the calm p99, but never tighter than 50 ms above it, so a p99 of a few
    // milliseconds before the flood does not turn GC pauses after it into "not recovered".
    private const double SlackMs = 50;

    /// <param name="beforeP99Ms">The p99 of the messages sent before the flood.</param>
    /// <param name="after">The after stretch's seconds, in order.</param>
    public static RecoveryReport Of(double beforeP99Ms, IReadOnlyList<SecondReport> after)
    {
        var bound = Math.Round(Math.Max(2 * beforeP99Ms, beforeP99Ms + SlackMs), 3);
        // Walk back from the last second while seconds are within the bound; where the walk stops,
        // the seconds after it are the recovered ones.
        var first = after.Count;
        while (first > 0 && Within(after[first - 1], bound))
            first--;
        var recovered = first < after.Count;
        return new RecoveryReport(beforeP99Ms, bound, recovered, recovered ? first : null, after.Count);
    }

    // A second that sent nothing says nothing; one whose messages were all unreflected is not within.
    private static bool Within(SecondReport s, double boundMs) => s.Sent == 0 || s.P99Ms is { } p99 && p99 <= boundMs;
}
