namespace Gateway.Mqtt.Security;

/// <summary>
/// The rules of one acl_file in the order mosquitto checks them: the lines before any
/// <c>user</c> line (anonymous clients), each user's lines, and the <c>pattern</c> lines. In each
/// list the deny lines come first, as mosquitto puts them.
/// </summary>
internal sealed record AclFile(AclRule[] Anonymous, IReadOnlyDictionary<string, AclRule[]> Users, AclRule[] Patterns);
