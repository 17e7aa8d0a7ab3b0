using System.Text.Json.Serialization;

namespace Gateway.Contracts.Views;

/// <summary>
/// A device as the directory lists it: who it is, whether it was heard from within
/// <c>gateway.devices.offline-after</c>, when it was last heard from as the journal has it, and for
/// a WarDragon kit what the seed's Kit Manager shows (<see cref="Kit"/>; absent for other families).
/// </summary>
public sealed record DirectoryDevice(
    string Kind,
    string? Org,
    string Id,
    bool Online,
    DateTimeOffset? LastSeen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] KitView? Kit = null);
