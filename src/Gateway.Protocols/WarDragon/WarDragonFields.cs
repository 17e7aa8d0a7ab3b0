using Gateway.Protocols.Validation;

namespace Gateway.Protocols.WarDragon;

/// <summary>
/// The fields of DragonSync's messages (wardragon-kits.md). Every entry may name its kit in
/// <c>seen_by</c> or <c>kit_id</c>, and if it does it names the kit the message is for: the one
/// its first entry names (<see cref="Kit"/>), which the message was routed to.
/// </summary>
public static class WarDragonFields
{
    /// <summary>Where a message names its kit, read at the door, before the kit reads the message in full.</summary>
    public static readonly FieldTable Kit = new(
        FieldSpec.String("seen_by", required: false),
        FieldSpec.String("kit_id", required: false));

    private static readonly FieldSpec SeenBy = FieldSpec.ThisDevice("seen_by", required: false);
    private static readonly FieldSpec KitId = FieldSpec.ThisDevice("kit_id", required: false);
    private static readonly FieldSpec Latitude = FieldSpec.Number("lat", required: false, -90, 90);
    private static readonly FieldSpec Longitude = FieldSpec.Number("lon", required: false, -180, 180);

    /// <summary>wardragon/drones: one drone, or a list of them.</summary>
    public static readonly FieldTable Drones = new(SeenBy, KitId, FieldSpec.String("id", required: true), Latitude, Longitude);

    /// <summary>wardragon/drone/{id}: the drone is the topic's.</summary>
    public static readonly FieldTable Drone = new(SeenBy, KitId, Latitude, Longitude);

    public static readonly FieldTable Aircraft = new(SeenBy, KitId, FieldSpec.String("icao", required: true), Latitude, Longitude);

    public static readonly FieldTable Signals = new(SeenBy, KitId,
        FieldSpec.Number("freq_mhz", required: true, 0),
        FieldSpec.Number("sensor_lat", required: false, -90, 90),
        FieldSpec.Number("sensor_lon", required: false, -180, 180));

    /// <summary>wardragon/system: the kit's health, free-form.</summary>
    public static readonly FieldTable System = new(SeenBy, KitId);
}
