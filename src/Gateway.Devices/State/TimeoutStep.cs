namespace Gateway.Devices.State;

/// <summary>
/// What an acknowledgement window's end means: nothing (answered, superseded or already being
/// settled), another attempt after <see cref="RetryAfter"/> (the command is pending again,
/// with its lifecycle in <see cref="Lifecycle"/>), or the timeout to journal.
/// </summary>
public readonly record struct TimeoutStep(TimeSpan? RetryAfter, TrackedCommand? Lifecycle, CommandTimedOut? TimedOut)
{
    public static readonly TimeoutStep Nothing = new(null, null, null);
}
