namespace Gateway.Devices.Listing;

/// <summary>One device in the directory: when it was last heard from and, for a WarDragon kit, its last data.</summary>
public sealed class DirectoryEntry(DeviceKey key)
{
    /// <summary>wardragon-kits.md's Kit Manager names a kit's source; every kit the gateway knows came to it over MQTT.</summary>
    public const string KitSource = "mqtt";

    public DeviceKey Key { get; } = key;
    public DateTimeOffset? LastSeen { get; private set; }
    public KitData? LastData { get; private set; }

    /// <summary>Heard from at <paramref name="at"/>: last seen only moves forward, whatever order entries are applied in.</summary>
    public void Heard(DateTimeOffset at)
    {
        if (LastSeen is null || at > LastSeen)
            LastSeen = at;
    }

    /// <summary>A kit's data: the newest is kept (on a tie, the one applied last).</summary>
    public void Sent(KitData data)
    {
        if (LastData is null || data.At >= LastData.At)
            LastData = data;
    }

    /// <summary>Online as the device view reckons it: heard from within the offline window.</summary>
    public bool IsOnline(DateTimeOffset now, TimeSpan offlineAfter) => LastSeen is { } seen && now - seen < offlineAfter;

    public DirectoryDevice ToView(bool online, bool isKit) =>
        new(Key.Kind, Key.Org, Key.Id, online, LastSeen, isKit ? new KitView(KitSource, LastData) : null);

    public DirectoryRow ToRow() => new(Key.EntityId, LastSeen, LastData?.Channel, LastData?.At, LastData?.Data);

    public static DirectoryEntry FromRow(DeviceKey key, DirectoryRow row)
    {
        var entry = new DirectoryEntry(key) { LastSeen = row.LastSeen };
        if (row is { LastChannel: { } channel, LastDataAt: { } at, LastData: { } data })
            entry.LastData = new KitData(channel, at, data);
        return entry;
    }
}
