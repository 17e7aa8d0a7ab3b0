namespace Gateway.Protocols.Anc;

/// <summary>
/// ANC topics from anc-aws-iot-shadow.md: the AWS IoT Device Shadow topics (classic and named)
/// and the platform's own <c>anc/devices/{id}/...</c> and <c>anc/telemetry/{id}/...</c>.
/// </summary>
public static class AncTopics
{
    public const string Kind = "anc";
    public const string ShadowUpdate = "shadow/update";
    public const string ShadowGet = "shadow/get";
    public const string ShadowDelete = "shadow/delete";
    public const string Emergency = "emergency";
    public const string TelemetryGroup = "telemetry";
    public const string Errors = "errors";
    /// <summary>The device's answer to a command, on <c>anc/devices/{id}/commands/response</c>: the gateway's own topic, since the document defines none.</summary>
    public const string CommandResponse = "command_response";

    public static readonly string[] TelemetryGroups = ["anc", "audio", "system", "errors"];

    /// <summary>
    /// What <see cref="TryParse"/> accepts: the shadow requests, classic and named, never the
    /// gateway's replies (<c>.../accepted</c>, <c>rejected</c>, <c>delta</c>, <c>documents</c>); the
    /// commands on <c>anc/devices/{id}/commands</c> (a backend's own are tracked) and their answers, on <c>.../commands/response</c>.
    /// </summary>
    public static readonly string[] Filters =
    [
        "$aws/things/+/shadow/update", "$aws/things/+/shadow/get", "$aws/things/+/shadow/delete",
        "$aws/things/+/shadow/name/+/update", "$aws/things/+/shadow/name/+/get", "$aws/things/+/shadow/name/+/delete",
        "anc/devices/+/status", "anc/devices/+/emergency", "anc/devices/+/commands", "anc/devices/+/commands/response",
        .. TelemetryGroups.Select(group => $"anc/telemetry/+/{group}"),
    ];

    public static bool TryParse(string topic, out string thing, out string channel, out string? section)
    {
        thing = channel = "";
        section = null;
        var t = topic.AsSpan();
        if (t.StartsWith("$aws/things/"))
            return TryParseShadow(t["$aws/things/".Length..], out thing, out channel, out section);
        if (t.StartsWith("anc/devices/"))
        {
            t = t["anc/devices/".Length..];
            var slash = t.IndexOf('/');
            if (slash <= 0 || !IsLevel(t[..slash]))
                return false;
            switch (t[(slash + 1)..])
            {
                case "status": channel = Gateway.Contracts.DeviceChannel.Status; break;
                case "emergency": channel = Emergency; break;
                case "commands": channel = Gateway.Contracts.DeviceChannel.Command; break;
                case "commands/response": channel = CommandResponse; break;
                default: return false;
            }
            thing = t[..slash].ToString();
            return true;
        }
        if (t.StartsWith("anc/telemetry/"))
        {
            t = t["anc/telemetry/".Length..];
            var slash = t.IndexOf('/');
            if (slash <= 0 || !IsLevel(t[..slash]))
                return false;
            var group = t[(slash + 1)..].ToString();
            if (!TelemetryGroups.Contains(group))
                return false;
            thing = t[..slash].ToString();
            channel = TelemetryGroup;
            section = group;
            return true;
        }
        return false;
    }

    /// <summary><c>{thing}/shadow/{op}</c> or <c>{thing}/shadow/name/{name}/{op}</c>; the reply topics (accepted, rejected, delta, documents) are the gateway's own.</summary>
    private static bool TryParseShadow(ReadOnlySpan<char> t, out string thing, out string channel, out string? section)
    {
        thing = channel = "";
        section = null;
        var slash = t.IndexOf('/');
        if (slash <= 0 || !IsLevel(t[..slash]))
            return false;
        var thingSpan = t[..slash];
        var rest = t[(slash + 1)..];
        if (!rest.StartsWith("shadow/"))
            return false;
        rest = rest["shadow/".Length..];
        if (rest.StartsWith("name/"))
        {
            rest = rest["name/".Length..];
            var end = rest.IndexOf('/');
            if (end <= 0 || !IsLevel(rest[..end]))
                return false;
            section = rest[..end].ToString();
            rest = rest[(end + 1)..];
        }
        switch (rest)
        {
            case "update": channel = ShadowUpdate; break;
            case "get": channel = ShadowGet; break;
            case "delete": channel = ShadowDelete; break;
            default: return false;
        }
        thing = thingSpan.ToString();
        return true;
    }

    private static bool IsLevel(ReadOnlySpan<char> level) => level.Length > 0 && !level.ContainsAny('+', '#');

    public static string Commands(string thing) => $"anc/devices/{thing}/commands";

    /// <summary>The shadow's topic root: <c>$aws/things/{thing}/shadow</c>, with <c>/name/{name}</c> for a named shadow.</summary>
    public static string ShadowRoot(string thing, string? shadowName) =>
        shadowName is null ? $"$aws/things/{thing}/shadow" : $"$aws/things/{thing}/shadow/name/{shadowName}";
}
