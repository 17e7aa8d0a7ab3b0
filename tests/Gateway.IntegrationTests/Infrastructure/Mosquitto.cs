using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The Mosquitto command-line clients, run as a device owner would run them against the gateway's
/// embedded broker: a different MQTT implementation from the one inside the gateway.
/// </summary>
internal static class Mosquitto
{
    public const string Install = "Install the Mosquitto clients: apt-get install mosquitto-clients (Debian/Ubuntu), dnf install mosquitto (Fedora), brew install mosquitto (macOS).";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Publishes a file as it is; QoS 0 unless asked, as mosquitto_pub does by default.</summary>
    public static async Task PublishFileAsync(int port, string topic, string file, int qos = 0, bool retain = false)
    {
        var result = await ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_pub", Install),
            ["-h", "127.0.0.1", "-p", port.ToString(), "-t", topic, "-q", qos.ToString(), .. (retain ? ["-r"] : Array.Empty<string>()), "-f", file], CommandTimeout);
        Assert.True(result.Succeeded, $"mosquitto_pub failed: {result}");
    }

    /// <summary>Publishes one message, QoS 1 unless asked; <paramref name="extraArguments"/> go to mosquitto_pub as they are (<c>-V 5 -D publish ...</c>, say).</summary>
    public static async Task PublishAsync(int port, string topic, string message, int qos = 1, bool retain = false, string? clientId = null,
        IReadOnlyList<string>? extraArguments = null)
    {
        var result = await ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_pub", Install),
            ["-h", "127.0.0.1", "-p", port.ToString(), "-t", topic, "-q", qos.ToString(), "-m", message,
             .. (retain ? ["-r"] : Array.Empty<string>()), .. (clientId is null ? Array.Empty<string>() : ["-i", clientId]), .. (extraArguments ?? [])], CommandTimeout);
        Assert.True(result.Succeeded, $"mosquitto_pub failed: {result}");
    }

    /// <summary>Publishes one message logged in as <paramref name="user"/>; the result says whether the broker let it in.</summary>
    public static Task<CommandResult> TryPublishAsync(int port, string user, string password, string topic, string message) =>
        ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_pub", Install),
            ["-h", "127.0.0.1", "-p", port.ToString(), "-u", user, "-P", password, "-t", topic, "-m", message], CommandTimeout);

    /// <summary>Waits for one message on <paramref name="topic"/> (mosquitto_sub -C 1 -W seconds) and returns what it printed.</summary>
    public static Task<CommandResult> ReceiveOneAsync(int port, string topic, int waitSeconds = 30) =>
        ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_sub", Install),
            ["-h", "127.0.0.1", "-p", port.ToString(), "-t", topic, "-C", "1", "-W", waitSeconds.ToString()], CommandTimeout);
}
