using Akka.Configuration;

namespace Gateway.Mqtt.Security;

/// <summary>
/// Who may publish and subscribe to what, from a policy file in mosquitto's acl_file format
/// (docs/policy-file.md). The checks follow mosquitto 2's: with a policy, whatever no line allows
/// is refused; a client's own lines are checked first (the lines before any <c>user</c> line for a
/// client without identity, its <c>user</c> section otherwise), then the <c>pattern</c> lines, deny
/// lines first in each; the first line that matches and speaks to the action decides.
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
    public AccessDecision CanPublish(string? identity, string clientId, string topic)
    {
        if (topic.AsSpan().ContainsAny('+', '#'))
            return AccessDecision.Deny(NotATopicName);
        foreach (var rule in OwnRules(identity))
        {
            if (!rule.Matches(topic, identity, clientId))
                continue;
            if (rule.IsDeny)
                return AccessDecision.Deny(rule.DenyReason);
            if ((rule.Access & AclAccess.Write) != 0)
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
            if ((rule.Access & AclAccess.Write) != 0)
                return AccessDecision.Allow(rule.AllowReason);
        }
        return AccessDecision.Deny(AccessDecision.NoRule);
    }

    /// <summary>
    /// Whether a client may subscribe to <paramref name="filter"/>: a <c>read</c> or <c>readwrite</c>
    /// line must cover every topic the filter can match, and no deny line checked before it may
    /// match any of them. So every message the subscription brings is one the client may read,
    /// and nothing needs checking again on delivery. A shared subscription
    /// (<c>$share/{group}/{filter}</c>) is judged by its filter, as mosquitto judges the messages it delivers.
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
        if (Covered(OwnRules(identity), levels, identity, clientId) is { } own)
            return own;
        if (_file.Patterns.Length == 0)
            return AccessDecision.Deny(AccessDecision.NoRule);
        if (IsDangerous(identity) || IsDangerous(clientId))
            return AccessDecision.Deny(DangerousIdentity);
        return Covered(_file.Patterns.Where(r => Substitutable(r, identity, clientId)), levels, identity, clientId)
            ?? AccessDecision.Deny(AccessDecision.NoRule);
    }

    private static AccessDecision? Covered(IEnumerable<AclRule> rules, string[] levels, string? identity, string clientId)
    {
        foreach (var rule in rules)
        {
            if (rule.IsDeny && rule.Overlaps(levels, identity, clientId))
                return AccessDecision.Deny(rule.DenyReason);
            if ((rule.Access & AclAccess.Read) != 0 && rule.Covers(levels, identity, clientId))
                return AccessDecision.Allow(rule.AllowReason);
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
