namespace Gateway.Protocols.Petal;

/// <summary>
/// Petal App Manager device topics: <c>org/{org}/device/{device}/{command|response|telemetry}</c>.
/// The device publishes response and telemetry; command goes to the device (and one a backend
/// publishes itself is read too, to be tracked).
/// </summary>
public static class PetalTopics
{
    public const string Kind = "petal";
    public const string Response = "response";

    /// <summary>What <see cref="TryParse"/> accepts.</summary>
    public static readonly string[] Filters = ["org/+/device/+/telemetry", "org/+/device/+/response", "org/+/device/+/command"];

    public static bool TryParse(string topic, out string org, out string device, out string channel)
    {
        org = device = channel = "";
        var t = topic.AsSpan();
        if (!t.StartsWith("org/"))
            return false;
        t = t["org/".Length..];
        var slash = t.IndexOf('/');
        if (slash <= 0)
            return false;
        var orgSpan = t[..slash];
        t = t[(slash + 1)..];
        if (!t.StartsWith("device/"))
            return false;
        t = t["device/".Length..];
        slash = t.IndexOf('/');
        if (slash <= 0)
            return false;
        var deviceSpan = t[..slash];
        if (orgSpan.ContainsAny('+', '#') || deviceSpan.ContainsAny('+', '#'))
            return false;
        switch (t[(slash + 1)..])
        {
            case "telemetry": channel = Gateway.Contracts.DeviceChannel.Telemetry; break;
            case "response": channel = Response; break;
            case "command": channel = Gateway.Contracts.DeviceChannel.Command; break;
            default: return false;
        }
        org = orgSpan.ToString();
        device = deviceSpan.ToString();
        return true;
    }

    public static string Command(string org, string device) => $"org/{org}/device/{device}/command";
}
