using System.Diagnostics;
using System.Threading.Channels;
using Xunit;

namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>
/// The Debian mosquitto clients, standing in for any MQTT device or application. Missing clients
/// fail the test (they are part of what is tested), never skip it.
/// </summary>
public static class Mosquitto
{
    public static string Tool(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{name} is not installed: apt-get install mosquitto-clients");
        return path!;
    }

    /// <summary>Publishes one message and returns once the broker has acknowledged it (at QoS 1) and the client exited.</summary>
    public static async Task PublishAsync(int port, string topic, string message, int qos = 1, bool retain = false)
    {
        var start = new ProcessStartInfo(Tool("mosquitto_pub"))
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", $"{port}", "-t", topic, "-m", message, "-q", $"{qos}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (retain)
            start.ArgumentList.Add("-r");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await Deadline.Within(process.WaitForExitAsync, "mosquitto_pub to exit");
        Assert.True(process.ExitCode == 0, $"mosquitto_pub failed ({process.ExitCode}): {await errors}");
    }
}

/// <summary><c>mosquitto_sub -v</c> on one topic, ready once the broker has made the subscription.</summary>
public sealed class MosquittoSubscriber : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private MosquittoSubscriber(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Writer.TryWrite(e.Data); };
        _process.BeginOutputReadLine();
    }

    public static async Task<MosquittoSubscriber> StartAsync(int port, string topic)
    {
        // mosquitto_sub says nothing when it has subscribed (and buffers its -d output in a pipe).
        // It also subscribes to a probe topic holding a retained message, last in the same SUBSCRIBE:
        // the broker sends that message once the subscriptions are in place, so printing it means ready.
        var probe = $"{topic.TrimEnd('#', '+', '/')}/.probe-{Guid.NewGuid():N}";
        await Mosquitto.PublishAsync(port, probe, "ready", retain: true);
        var start = new ProcessStartInfo(Mosquitto.Tool("mosquitto_sub"))
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", $"{port}", "-t", topic, "-t", probe, "-q", "1", "-v" },
            RedirectStandardOutput = true,
        };
        var subscriber = new MosquittoSubscriber(Process.Start(start)!);
        try
        {
            await subscriber.NextMessageAsync(probe);
            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next message, as <c>mosquitto_sub -v</c> prints it: the topic, a space, the payload.</summary>
    public Task<string> NextMessageAsync(string topic) => NextLineAsync(line => line.StartsWith(topic + " ", StringComparison.Ordinal), $"a message on {topic}");

    private Task<string> NextLineAsync(Func<string, bool> wanted, string what) =>
        Deadline.Within(async ct =>
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(ct);
                if (wanted(line))
                    return line;
            }
        }, what);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
