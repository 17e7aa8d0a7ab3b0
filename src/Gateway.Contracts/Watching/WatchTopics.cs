namespace Gateway.Contracts.Watching;

/// <summary>
/// The distributed pub-sub topics device changes are published on: one per device or family and
/// scope (<c>device:{scope}:{entity id}</c>, <c>family:{scope}:{kind}</c>). Device actors publish
/// to a topic only while a watcher has registered it with their node's watch registry, so a
/// gateway nobody watches pays nothing for pub-sub.
/// </summary>
public static class WatchTopics
{
    private const string DevicePrefix = "device:";
    private const string FamilyPrefix = "family:";

    public static string Device(string entityId, WatchScope scope = WatchScope.All) => $"{DevicePrefix}{(int)scope}:{entityId}";

    public static string Family(string kind, WatchScope scope = WatchScope.All) => $"{FamilyPrefix}{(int)scope}:{kind}";

    /// <summary>Splits a topic into the device entity id or the family kind it names, and its scope.</summary>
    public static bool TryParse(string topic, out bool isFamily, out WatchScope scope, out string name)
    {
        isFamily = topic.StartsWith(FamilyPrefix, StringComparison.Ordinal);
        var rest = isFamily ? topic.AsSpan(FamilyPrefix.Length)
            : topic.StartsWith(DevicePrefix, StringComparison.Ordinal) ? topic.AsSpan(DevicePrefix.Length) : [];
        var colon = rest.IndexOf(':');
        if (colon > 0 && colon < rest.Length - 1 && int.TryParse(rest[..colon], out var bits) && bits > 0 && (bits & ~(int)WatchScope.All) == 0)
        {
            (scope, name) = ((WatchScope)bits, rest[(colon + 1)..].ToString());
            return true;
        }
        (scope, name) = (0, "");
        return false;
    }
}
