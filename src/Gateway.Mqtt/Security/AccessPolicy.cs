using Akka.Configuration;

namespace Gateway.Mqtt.Security;

/// <summary>
/// Who may publish and subscribe to what, from a policy file in mosquitto's acl_file format
/// (docs/policy-file.md). The checks follow mosquitto 2's: with a policy, whatever no line allows
/// is refused; a client's own lines are checked first (the lines before any <c>user</c> line for a
/// client without identity, its <c>user</c> section otherwise), then the <c>pattern</c> lines, deny
/// lines first in each; the first line that matches and speaks to the action decides. So a deny
/// line beats every allow line of its own list and of the lists checked after it, but a pattern
/// deny does not take away what a client's own section allows.
/// The identity is the user name or the client certificate's CN, whichever authenticated the client.
/// </summary>
public sealed class AccessPolicy
{
    private const string DangerousIdentity =
        "the identity or client id contains '+' or '#', so no pattern line applies (mosquitto refuses them too)";
    private const string NotATopicName = "a topic name cannot contain '+' or '#'";
    private const string SharePrefix = "$share/";

    private readonly AclFile _file;

    private AccessPolicy(AclFile file, string source)
    {
        _file = file;
        Source = source;
    }

    /// <summary>The file the policy was read from.</summary>
    public string Source { get; }

    /// <summary>Reads a policy file; a line it cannot read throws an <see cref="ArgumentException"/> naming the file, the line and why.</summary>
    public static AccessPolicy Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{path}: the policy file cannot be read: {e.Message}", nameof(path), e);
        }
        return Parse(text, path);
    }

    /// <summary>Reads a policy from its text; <paramref name="source"/> names it in errors and reasons.</summary>
    public static AccessPolicy Parse(string text, string source) => new(AclFileParser.Parse(text, source), source);

    /// <summary>The policy named by <c>gateway.security.policy-file</c> (--policy-file, GATEWAY_POLICY_FILE), or null when none is.</summary>
    public static AccessPolicy? From(Config config)
    {
        var path = config.GetString("gateway.security.policy-file", "");
        return string.IsNullOrWhiteSpace(path) ? null : Load(path);
    }

    /// <summary>
    /// Whether a client may publish on <paramref name="topic"/> (a <c>write</c> or <c>readwrite</c>
    /// line). Runs for every message: it walks precompiled rules and allocates nothing.
    /// </summary>
    public AccessDecision CanPublish(string? identity, string clientId, string topic) =>
        Check(identity, clientId, topic, AclAccess.Write);

    /// <summary>
    /// Whether a message on <paramref name="topic"/> may be delivered to a client (a <c>read</c> or
    /// <c>readwrite</c> line): needed only for a subscription whose decision says
    /// <see cref="AccessDecision.CheckEachMessage"/>. Allocates nothing.
    /// </summary>
    public AccessDecision CanReceive(string? identity, string clientId, string topic) =>
        Check(identity, clientId, topic, AclAccess.Read);

    private AccessDecision Check(string? identity, string clientId, string topic, AclAccess needed)
    {
        if (topic.AsSpan().ContainsAny('+', '#'))
            return AccessDecision.Deny(NotATopicName);
        foreach (var rule in OwnRules(identity))
        {
            if (!rule.Matches(topic, identity, clientId))
                continue;
            if (rule.IsDeny)
                return AccessDecision.Deny(rule.DenyReason);
            if ((rule.Access & needed) != 0)
                return AccessDecision.Allow(rule.AllowReason);
        }
        if (_file.Patterns.Length == 0)
            return AccessDecision.Deny(AccessDecision.NoRule);
        if (IsDangerous(identity) || IsDangerous(clientId))
            return AccessDecision.Deny(DangerousIdentity);
        foreach (var rule in _file.Patterns)
        {
            if (!Substitutable(rule, identity, clientId) || !rule.Matches(topic, identity, clientId))
                continue;
            if (rule.IsDeny)
                return AccessDecision.Deny(rule.DenyReason);
            if ((rule.Access & needed) != 0)
                return AccessDecision.Allow(rule.AllowReason);
        }
        return AccessDecision.Deny(AccessDecision.NoRule);
    }

    /// <summary>
    /// Whether a client may subscribe to <paramref name="filter"/>: one <c>read</c> or
    /// <c>readwrite</c> line must cover every topic the filter can match (<c>drone/+/telemetry</c>
    /// covers <c>drone/Alpha-3/telemetry</c>, not <c>drone/#</c>); a deny line checked before it
    /// that matches all of those topics refuses it, one that matches some of them leaves it allowed
    /// with <see cref="AccessDecision.CheckEachMessage"/>. A shared subscription
    /// (<c>$share/{group}/{filter}</c>) is judged by its filter, as mosquitto judges the messages it
    /// delivers by their topics. Not on the per-message path, so it may split the filter.
    /// </summary>
    public AccessDecision CanSubscribe(string? identity, string clientId, string filter)
    {
        if (TopicFilter.Validate(filter) is { } invalid)
            return AccessDecision.Deny($"not a topic filter: it {invalid}");
        if (filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var groupEnd = filter.IndexOf('/', SharePrefix.Length);
            if (groupEnd < 0 || groupEnd == filter.Length - 1)
                return AccessDecision.Deny("a shared subscription is $share/{group}/{filter}");
            filter = filter[(groupEnd + 1)..];
        }
        var levels = filter.Split('/');
        var partlyDenied = false;
        if (Covered(OwnRules(identity), levels, identity, clientId, ref partlyDenied) is { } own)
            return own;
        if (_file.Patterns.Length == 0)
            return AccessDecision.Deny(AccessDecision.NoRule);
        if (IsDangerous(identity) || IsDangerous(clientId))
            return AccessDecision.Deny(DangerousIdentity);
        var patterns = _file.Patterns.Where(r => Substitutable(r, identity, clientId));
        return Covered(patterns, levels, identity, clientId, ref partlyDenied) ?? AccessDecision.Deny(AccessDecision.NoRule);
    }

    private static AccessDecision? Covered(IEnumerable<AclRule> rules, string[] levels, string? identity, string clientId, ref bool partlyDenied)
    {
        foreach (var rule in rules)
        {
            if (rule.IsDeny)
            {
                if (rule.Covers(levels, identity, clientId))
                    return AccessDecision.Deny(rule.DenyReason);
                partlyDenied |= rule.Overlaps(levels, identity, clientId);
            }
            else if ((rule.Access & AclAccess.Read) != 0 && rule.Covers(levels, identity, clientId))
            {
                return new AccessDecision(true, rule.AllowReason, partlyDenied);
            }
        }
        return null;
    }

    private AclRule[] OwnRules(string? identity) =>
        identity is null ? _file.Anonymous : _file.Users.GetValueOrDefault(identity) ?? [];

    private static bool IsDangerous(string? value) => value is not null && value.AsSpan().ContainsAny('+', '#');

    /// <summary>
    /// A pattern line speaks only to a client it can be filled in for: <c>%u</c> needs an identity
    /// (mosquitto skips such lines for anonymous clients), and neither value may contain '/', which
    /// would reach into levels below another client's (user "a/b" inside user "a"'s <c>x/%u/#</c>).
    /// mosquitto 2 lets '/' through; this is the one place the gateway is stricter.
    /// </summary>
    private static bool Substitutable(AclRule rule, string? identity, string clientId) =>
        !(rule.UsesIdentity && (identity is null || identity.Contains('/')))
        && !(rule.UsesClientId && clientId.Contains('/'));
}
