namespace Gateway.Mqtt.Security;

/// <summary>One level of a rule's topic filter, split once when the policy is loaded.</summary>
internal enum AclLevelKind
{
    Literal,
    /// <summary><c>+</c>: any one level, the empty level too.</summary>
    SingleWildcard,
    /// <summary><c>#</c>: the rest of the topic, its parent level included (<c>a/#</c> matches <c>a</c>).</summary>
    MultiWildcard,
    /// <summary><c>%u</c> in a pattern line: the client's identity.</summary>
    Identity,
    /// <summary><c>%c</c> in a pattern line: the client id.</summary>
    ClientId,
}

internal readonly record struct AclLevel(AclLevelKind Kind, string Text)
{
    public static AclLevel Parse(string level, bool pattern) => level switch
    {
        "+" => new(AclLevelKind.SingleWildcard, level),
        "#" => new(AclLevelKind.MultiWildcard, level),
        "%u" when pattern => new(AclLevelKind.Identity, level),
        "%c" when pattern => new(AclLevelKind.ClientId, level),
        _ => new(AclLevelKind.Literal, level),
    };

    public bool IsWildcard => Kind is AclLevelKind.SingleWildcard or AclLevelKind.MultiWildcard;
}
