namespace Gateway.Protocols.Esp32;

/// <summary>
/// DESE ESP32 topics: <c>devices/{organization_id}/{device_id}/{message_type}</c>. The device
/// publishes telemetry, status, command_response and alert; commands and config go the other way
/// (commands a backend publishes itself are read too, to be tracked).
/// </summary>
public static class Esp32Topics
{
    public const string Kind = "esp32";
    public const string CommandResponse = "command_response";
    public const string Alert = "alert";

    /// <summary>What <see cref="TryParse"/> accepts; config is the gateway's alone.</summary>
    public static readonly string[] Filters =
        ["devices/+/+/telemetry", "devices/+/+/status", "devices/+/+/command_response", "devices/+/+/alert", "devices/+/+/commands"];

    public static bool TryParse(string topic, out string org, out string device, out string channel)
    {
        org = device = channel = "";
        var rest = topic.AsSpan();
        if (!rest.StartsWith("devices/"))
            return false;
        rest = rest["devices/".Length..];
        var first = rest.IndexOf('/');
        if (first <= 0)
            return false;
        var orgSpan = rest[..first];
        rest = rest[(first + 1)..];
        var second = rest.IndexOf('/');
        if (second <= 0)
            return false;
        var deviceSpan = rest[..second];
        if (orgSpan.ContainsAny('+', '#') || deviceSpan.ContainsAny('+', '#'))
            return false;
        switch (rest[(second + 1)..])
        {
            case "telemetry": channel = Gateway.Contracts.DeviceChannel.Telemetry; break;
            case "status": channel = Gateway.Contracts.DeviceChannel.Status; break;
            case "command_response": channel = CommandResponse; break;
            case "alert": channel = Alert; break;
            case "commands": channel = Gateway.Contracts.DeviceChannel.Command; break;
            default: return false;
        }
        org = orgSpan.ToString();
        device = deviceSpan.ToString();
        return true;
    }

    public static string Commands(string org, string device) => $"devices/{org}/{device}/commands";

    public static string Config(string org, string device) => $"devices/{org}/{device}/config";
}
