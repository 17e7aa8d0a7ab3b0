using Gateway.Contracts;

namespace Gateway.Protocols.Drone;

/// <summary>
/// SkyRescue topics: <c>/drone/{drone_id}/{telemetry|status|events|voice/transcript|command}</c>.
/// The document's topic list writes a leading slash and its AWS policies write none, so both
/// spellings are accepted; commands go out on the leading-slash spelling the document's examples
/// use, and one a backend publishes itself, on either, is tracked.
/// </summary>
public static class DroneTopics
{
    public const string Kind = "drone";

    /// <summary>What <see cref="TryParse"/> accepts, in both spellings.</summary>
    public static readonly string[] Filters =
    [
        "/drone/+/telemetry", "/drone/+/status", "/drone/+/events", "/drone/+/voice/transcript", "/drone/+/command",
        "drone/+/telemetry", "drone/+/status", "drone/+/events", "drone/+/voice/transcript", "drone/+/command",
    ];

    public static bool TryParse(string topic, out string id, out string channel)
    {
        id = "";
        channel = "";
        var rest = topic.AsSpan();
        if (rest.StartsWith('/'))
            rest = rest[1..];
        if (!rest.StartsWith("drone/"))
            return false;
        rest = rest["drone/".Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
            return false;
        var idSpan = rest[..slash];
        if (idSpan.ContainsAny('+', '#'))
            return false;
        switch (rest[(slash + 1)..])
        {
            case "telemetry": channel = DeviceChannel.Telemetry; break;
            case "status": channel = DeviceChannel.Status; break;
            case "events": channel = DeviceChannel.Events; break;
            case "voice/transcript": channel = DeviceChannel.Transcript; break;
            case "command": channel = DeviceChannel.Command; break;
            default: return false;
        }
        id = idSpan.ToString();
        return true;
    }

    public static string Command(string id) => $"/drone/{id}/command";
}
