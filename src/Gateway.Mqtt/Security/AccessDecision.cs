namespace Gateway.Mqtt.Security;

/// <summary>
/// The answer to one publish or subscribe check, with the reason a log line can quote: the rule
/// that decided it (file, line and the line itself) or why none did. A struct whose reason is
/// built when the policy is loaded, because the publish check runs for every message.
/// </summary>
public readonly record struct AccessDecision(bool Allowed, string Reason)
{
    public const string NoRule = "no rule allows it";

    internal static AccessDecision Allow(string reason) => new(true, reason);

    internal static AccessDecision Deny(string reason) => new(false, reason);
}
