namespace Gateway.Mqtt.Security;

/// <summary>
/// The answer to one check, with the reason a log line can quote: the rule that decided it (file,
/// line and the line itself) or why none did. A struct whose reason is built when the policy is
/// loaded, because the publish check runs for every message.
/// </summary>
/// <param name="CheckEachMessage">
/// Only for an allowed subscription that a deny line takes some topics away from (user
/// <c>dispatcher</c> reads <c>drone/+/telemetry</c> but not <c>drone/dispatcher/telemetry</c>):
/// each message it brings must pass <see cref="AccessPolicy.CanReceive"/> before delivery, as
/// mosquitto checks every delivery. False for every other subscription, whose messages all pass.
/// </param>
public readonly record struct AccessDecision(bool Allowed, string Reason, bool CheckEachMessage = false)
{
    public const string NoRule = "no rule allows it";

    internal static AccessDecision Allow(string reason) => new(true, reason);

    internal static AccessDecision Deny(string reason) => new(false, reason);
}
