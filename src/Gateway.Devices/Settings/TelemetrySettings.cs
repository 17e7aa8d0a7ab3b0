using Akka.Configuration;

namespace Gateway.Devices.Settings;

/// <summary>
/// How a family's telemetry and status reach the journal: every message (<c>each</c>, journaled
/// without waiting), or <c>coalesce</c>d: the fields changed during a window are journaled as one
/// entry, so a device reporting 100 times a second costs one write a second. From
/// <c>gateway.telemetry</c>, overridden by <c>gateway.families.{kind}.telemetry</c>.
/// </summary>
public sealed record TelemetrySettings(bool Coalesce, TimeSpan Window)
{
    public static readonly TelemetrySettings EachMessage = new(false, TimeSpan.Zero);

    public static TelemetrySettings For(Config config, string kind)
    {
        var c = FamilyConfig.For(config, "telemetry", kind);
        return c.GetString("persist") switch
        {
            "each" => EachMessage,
            "coalesce" => new TelemetrySettings(true, c.GetTimeSpan("coalesce-window")),
            var other => throw new ConfigurationException($"telemetry.persist for {kind} must be 'each' or 'coalesce', not '{other}'"),
        };
    }
}
