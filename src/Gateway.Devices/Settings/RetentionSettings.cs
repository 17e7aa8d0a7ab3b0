using Akka.Configuration;

using Gateway.Devices.History;

namespace Gateway.Devices.Settings;

/// <summary>
/// How long one family's history is kept, per channel: <c>gateway.retention</c> in HOCON,
/// overridden by <c>gateway.families.{kind}.retention</c>. Each period is a duration or
/// <c>forever</c> (null here). Retention removes journal rows (and lines from the device's
/// recent views) older than the period; the device's current state (its shadow, its commands)
/// is not history and stays.
/// </summary>
public sealed record RetentionSettings(TimeSpan? Telemetry, TimeSpan? Transcript, TimeSpan? Events)
{
    public static readonly RetentionSettings Forever = new(null, null, null);

    public static RetentionSettings For(Config config, string kind)
    {
        var c = FamilyConfig.For(config, "retention", kind);
        return new RetentionSettings(
            Period(c, "telemetry", kind),
            Period(c, "transcript", kind),
            Period(c, "events", kind));
    }

    public bool KeepsEverything => Telemetry is null && Transcript is null && Events is null;

    public TimeSpan? PeriodOf(HistoryChannel channel) => channel switch
    {
        HistoryChannel.Telemetry => Telemetry,
        HistoryChannel.Transcript => Transcript,
        HistoryChannel.Events => Events,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>Entries of <paramref name="channel"/> received before this have expired at <paramref name="now"/>; null: none ever do.</summary>
    public DateTimeOffset? CutoffOf(HistoryChannel channel, DateTimeOffset now) =>
        PeriodOf(channel) is { } period ? now - period : null;

    private static TimeSpan? Period(Config c, string key, string kind)
    {
        var text = c.GetString(key);
        if (string.Equals(text, "forever", StringComparison.OrdinalIgnoreCase))
            return null;
        TimeSpan period;
        try
        {
            period = c.GetTimeSpan(key);
        }
        catch (FormatException)
        {
            period = TimeSpan.Zero;
        }
        if (period <= TimeSpan.Zero)
            throw new ConfigurationException($"retention.{key} for {kind} must be a positive duration or 'forever', not '{text}'");
        return period;
    }
}
