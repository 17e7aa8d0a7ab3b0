namespace Gateway.Mqtt.Security;

/// <summary>
/// What an acl_file line grants, as mosquitto encodes it: read (subscribe and receive), write
/// (publish), both, or nothing at all, which is how a <c>deny</c> line is stored.
/// </summary>
[Flags]
public enum AclAccess
{
    Deny = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}
