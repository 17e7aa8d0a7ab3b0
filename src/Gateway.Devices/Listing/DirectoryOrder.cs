namespace Gateway.Devices.Listing;

/// <summary>The directory's one order, stable across pages and nodes: kind, then org (none first), then id, each compared ordinally.</summary>
public sealed class DirectoryOrder : IComparer<DeviceKey>
{
    public static readonly DirectoryOrder Instance = new();

    public int Compare(DeviceKey x, DeviceKey y)
    {
        var kind = string.CompareOrdinal(x.Kind, y.Kind);
        if (kind != 0)
            return kind;
        var org = string.CompareOrdinal(x.Org, y.Org); // null sorts first
        return org != 0 ? org : string.CompareOrdinal(x.Id, y.Id);
    }
}
