namespace Gateway.Protocols;

/// <summary>The gateway's one retry schedule: the pause doubles from a base for each further attempt, up to a cap.</summary>
public static class Backoff
{
    /// <summary>The pause before attempt <paramref name="nextAttempt"/> (the second attempt waits <paramref name="initial"/>).</summary>
    public static TimeSpan Before(int nextAttempt, TimeSpan initial, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Max(0, nextAttempt - 2));
        return TimeSpan.FromTicks((long)Math.Min(initial.Ticks * factor, max.Ticks));
    }
}
