using System.Text.Json;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.WarDragon;

/// <summary>Reads and checks DragonSync payloads: one JSON object, or (on wardragon/drones) an array of them.</summary>
public static class WarDragonPayloads
{
    /// <summary>The kit a payload names: <c>seen_by</c>, else <c>kit_id</c> (of the first entry of a list).</summary>
    public static string? KitOf(JsonElement root)
    {
        var first = root.ValueKind == JsonValueKind.Array ? (root.GetArrayLength() > 0 ? root[0] : default) : root;
        if (first.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var name in (ReadOnlySpan<string>)["seen_by", "kit_id"])
            if (first.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } kit
                && !kit.AsSpan().ContainsAny("/+#"))
                return kit;
        return null;
    }

    /// <summary>The entries of a payload: the array's elements, or the object itself.</summary>
    public static IEnumerable<JsonElement> Entries(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : [root];

    /// <summary>Checks every entry against its channel's fields and the kit; null when all pass.</summary>
    public static string? Check(string kit, string channel, JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array && channel != WarDragonTopics.Drones)
            return $"wardragon/{channel} carries one JSON object, not a list";
        if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            return "payload is not a JSON object or list";
        var i = 0;
        foreach (var entry in Entries(root))
        {
            var at = root.ValueKind == JsonValueKind.Array ? $"[{i}]." : "";
            i++;
            if (entry.ValueKind != JsonValueKind.Object)
                return $"{at.TrimEnd('.')} is not a JSON object".Trim();
            var entryKit = KitOf(entry);
            if (entryKit is not null && entryKit != kit)
                return $"{at}seen_by '{entryKit}' is not the message's kit '{kit}'";
            var checks = new JsonChecks();
            switch (channel)
            {
                case WarDragonTopics.Drones:
                    checks.String(entry, "id", at + "id", required: true);
                    Position(entry, at, "lat", "lon", checks);
                    break;
                case WarDragonTopics.Drone:
                    Position(entry, at, "lat", "lon", checks);
                    break;
                case WarDragonTopics.Aircraft:
                    checks.String(entry, "icao", at + "icao", required: true);
                    Position(entry, at, "lat", "lon", checks);
                    break;
                case WarDragonTopics.Signals:
                    checks.Number(entry, "freq_mhz", at + "freq_mhz", required: true, 0);
                    Position(entry, at, "sensor_lat", "sensor_lon", checks);
                    break;
            }
            if (checks.FirstReason is { } reason)
                return reason;
        }
        return null;
    }

    private static void Position(JsonElement entry, string at, string lat, string lon, JsonChecks checks)
    {
        checks.Number(entry, lat, at + lat, required: false, -90, 90);
        checks.Number(entry, lon, at + lon, required: false, -180, 180);
    }
}
