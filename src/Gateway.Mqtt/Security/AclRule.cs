namespace Gateway.Mqtt.Security;

/// <summary>
/// One <c>topic</c> or <c>pattern</c> line, its filter split into levels once so that matching a
/// topic walks the topic's characters and compares spans, allocating nothing. The reasons a
/// decision quotes are built here too, for the same reason.
/// </summary>
internal sealed class AclRule
{
    private readonly AclLevel[] _levels;

    public AclRule(AclAccess access, string filter, bool pattern, string location, string line)
    {
        Access = access;
        _levels = filter.Split('/').Select(level => AclLevel.Parse(level, pattern)).ToArray();
        UsesIdentity = _levels.Any(l => l.Kind == AclLevelKind.Identity);
        UsesClientId = _levels.Any(l => l.Kind == AclLevelKind.ClientId);
        AllowReason = $"allowed by {location} '{line}'";
        DenyReason = $"denied by {location} '{line}'";
    }

    public AclAccess Access { get; }

    public bool IsDeny => Access == AclAccess.Deny;

    public bool UsesIdentity { get; }

    public bool UsesClientId { get; }

    public string AllowReason { get; }

    public string DenyReason { get; }

    /// <summary>Whether the topic name matches this rule's filter, <c>%u</c> and <c>%c</c> standing for the given values.</summary>
    public bool Matches(ReadOnlySpan<char> topic, string? identity, string clientId)
    {
        var levels = _levels;
        // MQTT, and mosquitto's ACL check with it: a filter starting with a wildcard matches no '$' topic.
        if (topic.Length > 0 && topic[0] == '$' && levels[0].IsWildcard)
            return false;
        var rest = topic;
        var topicEnded = false;
        foreach (var level in levels)
        {
            if (level.Kind == AclLevelKind.MultiWildcard)
                return true; // also when the topic has just ended: 'a/#' matches 'a'
            if (topicEnded)
                return false;
            var slash = rest.IndexOf('/');
            var current = slash < 0 ? rest : rest[..slash];
            if (slash < 0)
                topicEnded = true;
            else
                rest = rest[(slash + 1)..];
            var equal = level.Kind switch
            {
                AclLevelKind.SingleWildcard => true,
                AclLevelKind.Identity => current.SequenceEqual(identity),
                AclLevelKind.ClientId => current.SequenceEqual(clientId),
                _ => current.SequenceEqual(level.Text),
            };
            if (!equal)
                return false;
        }
        return topicEnded;
    }

    /// <summary>
    /// Whether every topic the subscription filter (split into levels) can match also matches this
    /// rule: <c>drone/+/telemetry</c> covers itself and <c>drone/Alpha-3/telemetry</c>, not <c>drone/#</c>.
    /// </summary>
    public bool Covers(string[] subscription, string? identity, string clientId)
    {
        var levels = _levels;
        if (levels[0].IsWildcard && subscription[0].StartsWith('$'))
            return false;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Kind == AclLevelKind.MultiWildcard)
                return true;
            if (i >= subscription.Length)
                return false; // the subscription's topics end where this rule wants another level
            var wanted = subscription[i];
            if (wanted == "#")
                return false; // any depth below here; only a '#' rule (above) takes all of it
            if (level.Kind == AclLevelKind.SingleWildcard)
                continue;
            if (wanted == "+" || wanted != Resolve(level, identity, clientId))
                return false;
        }
        return subscription.Length == levels.Length;
    }

    /// <summary>Whether some topic matches both this rule and the subscription filter: a deny rule that does takes part of the subscription away.</summary>
    public bool Overlaps(string[] subscription, string? identity, string clientId)
    {
        var levels = _levels;
        if ((levels[0].IsWildcard && subscription[0].StartsWith('$'))
            || (subscription[0] is "+" or "#" && !levels[0].IsWildcard && Resolve(levels[0], identity, clientId).StartsWith('$')))
            return false;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Kind == AclLevelKind.MultiWildcard || (i < subscription.Length && subscription[i] == "#"))
                return true;
            if (i >= subscription.Length)
                return false;
            if (subscription[i] == "+" || level.Kind == AclLevelKind.SingleWildcard)
                continue;
            if (subscription[i] != Resolve(level, identity, clientId))
                return false;
        }
        return subscription.Length == levels.Length || (subscription.Length == levels.Length + 1 && subscription[^1] == "#");
    }

    private static string Resolve(AclLevel level, string? identity, string clientId) => level.Kind switch
    {
        AclLevelKind.Identity => identity ?? "",
        AclLevelKind.ClientId => clientId,
        _ => level.Text,
    };
}
