namespace Gateway.Contracts;

/// <summary>
/// Addresses one device: its family (kind), its tenant where the family has one, and its id.
/// <see cref="EntityId"/> is the shard entity id; '/' separates the parts because MQTT topic
/// levels, where every part comes from, can never contain it.
/// </summary>
public readonly record struct DeviceKey(string Kind, string? Org, string Id)
{
    public string EntityId => Org is null ? $"{Kind}/{Id}" : $"{Kind}/{Org}/{Id}";

    public static bool TryParse(string entityId, out DeviceKey key)
    {
        key = default;
        var parts = entityId.Split('/');
        if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
        {
            key = new DeviceKey(parts[0], null, parts[1]);
            return true;
        }
        if (parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 && parts[2].Length > 0)
        {
            key = new DeviceKey(parts[0], parts[1], parts[2]);
            return true;
        }
        return false;
    }

    public static DeviceKey Parse(string entityId) =>
        TryParse(entityId, out var key) ? key : throw new FormatException($"'{entityId}' is not a device entity id (kind/id or kind/org/id)");
}
