namespace Gateway.Host.Security;

/// <summary>
/// What an API key may do, each role including the ones below it: <c>read</c> (device views,
/// command status, streams), <c>command</c> (commands, desired state), <c>admin</c> (<c>/mqtt/*</c>,
/// the cluster view). The names are also the authorization policies endpoints require.
/// </summary>
public static class ApiRoles
{
    public const string Read = "read";
    public const string Command = "command";
    public const string Admin = "admin";

    public static readonly string[] All = [Read, Command, Admin];

    /// <summary>The roles a key of <paramref name="role"/> holds: its own and every one below it.</summary>
    public static IEnumerable<string> Granted(string role) => All.Take(Array.IndexOf(All, role) + 1);
}
