using System.Diagnostics;
using System.Net.Sockets;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.LoadTest.Targets;

/// <summary>
/// The baseline: Debian's mosquitto on a private loopback port, no persistence, anonymous access,
/// and the same per-client queue limit as the gateway's embedded broker (10000 messages).
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private static readonly string[] Places = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/bin/mosquitto"];
    private readonly ChildProcess _process;
    private readonly string _workDir;

    private MosquittoBroker(ChildProcess process, string workDir, int port, string version)
    {
        _process = process;
        _workDir = workDir;
        Port = port;
        Version = version;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    /// <summary>As mosquitto prints it, e.g. "mosquitto version 2.0.11".</summary>
    public string Version { get; }

    public static async Task<MosquittoBroker> StartAsync(string logPath, CancellationToken ct)
    {
        var executable = Places.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("mosquitto is not installed; the comparison needs it: apt-get install mosquitto (or run with --compare-mosquitto off)");
        var version = await VersionOf(executable, ct);
        var workDir = Directory.CreateTempSubdirectory("mosquitto-loadtest-").FullName;
        var port = FreePorts.One();
        var config = Path.Combine(workDir, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_queued_messages 10000
            log_dest stderr
            log_type error
            log_type warning
            """, ct);
        var process = ChildProcess.Start(executable, ["-c", config], workDir, logPath, []);
        var broker = new MosquittoBroker(process, workDir, port, version);
        try
        {
            await broker.WaitForListenerAsync(ct);
            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    private static async Task<string> VersionOf(string executable, CancellationToken ct)
    {
        var start = new ProcessStartInfo(executable, "-h") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return output.Split('\n').FirstOrDefault(l => l.StartsWith("mosquitto version", StringComparison.Ordinal))?.Trim() ?? "mosquitto";
    }

    private async Task WaitForListenerAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"mosquitto exited at start:\n{_process.Tail()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, ct);
            }
        }
        throw new TimeoutException($"mosquitto did not listen on {Port} within 10 s:\n{_process.Tail()}");
    }

    public void Dispose()
    {
        _process.StopAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _process.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run for.
        }
    }
}
