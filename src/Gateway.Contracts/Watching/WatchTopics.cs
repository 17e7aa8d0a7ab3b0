namespace Gateway.Contracts.Watching;

/// <summary>
/// The distributed pub-sub topics device changes are published on: one per device and one per
/// family. Device actors publish to a topic only while a watcher has registered it with their
/// node's watch registry, so a gateway nobody watches pays nothing for pub-sub.
/// </summary>
public static class WatchTopics
{
    private const string DevicePrefix = "device:";
    private const string FamilyPrefix = "family:";

    public static string Device(string entityId) => DevicePrefix + entityId;

    public static string Family(string kind) => FamilyPrefix + kind;

    /// <summary>Splits a topic into the device entity id or the family kind it names.</summary>
    public static bool TryParse(string topic, out bool isFamily, out string name)
    {
        if (topic.StartsWith(DevicePrefix, StringComparison.Ordinal) && topic.Length > DevicePrefix.Length)
        {
            (isFamily, name) = (false, topic[DevicePrefix.Length..]);
            return true;
        }
        if (topic.StartsWith(FamilyPrefix, StringComparison.Ordinal) && topic.Length > FamilyPrefix.Length)
        {
            (isFamily, name) = (true, topic[FamilyPrefix.Length..]);
            return true;
        }
        (isFamily, name) = (false, "");
        return false;
    }
}
