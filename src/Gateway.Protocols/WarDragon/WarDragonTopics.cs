namespace Gateway.Protocols.WarDragon;

/// <summary>
/// DragonSync topics from wardragon-kits.md. None names the kit: every payload carries it in
/// <c>seen_by</c> or <c>kit_id</c>, and the kit registers itself with its first message.
/// </summary>
public static class WarDragonTopics
{
    public const string Kind = "wardragon";
    public const string Drones = "drones";
    public const string Drone = "drone";
    public const string Aircraft = "aircraft";
    public const string Signals = "signals";
    public const string System = "system";

    /// <summary>What <see cref="TryParse"/> accepts.</summary>
    public static readonly string[] Filters =
        ["wardragon/drones", "wardragon/aircraft", "wardragon/signals", "wardragon/system", "wardragon/drone/+"];

    public static bool TryParse(string topic, out string channel, out string? droneId)
    {
        channel = "";
        droneId = null;
        var rest = topic.AsSpan();
        if (!rest.StartsWith("wardragon/"))
            return false;
        rest = rest["wardragon/".Length..];
        switch (rest)
        {
            case "drones": channel = Drones; return true;
            case "aircraft": channel = Aircraft; return true;
            case "signals": channel = Signals; return true;
            case "system": channel = System; return true;
        }
        if (!rest.StartsWith("drone/"))
            return false;
        var id = rest["drone/".Length..];
        if (id.Length == 0 || id.ContainsAny('/', '+', '#'))
            return false;
        channel = Drone;
        droneId = id.ToString();
        return true;
    }
}
