using Akka.Configuration;

namespace Gateway.Devices.Settings;

/// <summary>
/// Acknowledgement and retry policy for one device family: <c>gateway.commands</c> in HOCON,
/// overridden by <c>gateway.families.{kind}.commands</c> where the family's document sets its own.
/// </summary>
public sealed record CommandSettings(
    TimeSpan AckTimeout,
    int MaxAttempts,
    TimeSpan RetryBackoff,
    TimeSpan RetryBackoffMax,
    TimeSpan RetainExpiry,
    bool Retain)
{
    public static CommandSettings For(Config config, string kind)
    {
        var c = FamilyConfig.For(config, "commands", kind);
        var settings = new CommandSettings(
            c.GetTimeSpan("ack-timeout"),
            c.GetInt("max-attempts"),
            c.GetTimeSpan("retry-backoff"),
            c.GetTimeSpan("retry-backoff-max"),
            c.GetTimeSpan("retain-expiry"),
            c.GetBoolean("retain"));
        if (settings.MaxAttempts < 1)
            throw new ConfigurationException($"max-attempts for {kind} must be at least 1");
        return settings;
    }

    /// <summary>The pause before attempt <paramref name="nextAttempt"/>: doubling from the base, capped.</summary>
    public TimeSpan BackoffBefore(int nextAttempt) => Backoff.Before(nextAttempt, RetryBackoff, RetryBackoffMax);
}
