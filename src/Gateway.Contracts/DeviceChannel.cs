namespace Gateway.Contracts;

/// <summary>
/// What a device-side topic carries. A channel is a string so that a family can name its own
/// (an ESP32's <c>command_response</c>, an AWS shadow's <c>shadow/update</c>) without touching
/// this assembly; these are the names several families share.
/// </summary>
public static class DeviceChannel
{
    public const string Telemetry = "telemetry";
    public const string Status = "status";
    public const string Events = "events";
    public const string Transcript = "transcript";
    /// <summary>A device's command topic, where a backend may publish a command itself (see <c>PublishedCommand</c>).</summary>
    public const string Command = "command";
}
