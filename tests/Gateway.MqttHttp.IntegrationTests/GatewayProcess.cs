using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>
/// The built gateway (<c>Gateway.Host.dll</c>, copied next to the tests by the project reference),
/// started as a child process on free ports with its own SQLite folder, ready once
/// <c>GET /readyz</c> answers 200, and stopped with SIGTERM as an operator would.
/// </summary>
public sealed class GatewayProcess : IAsyncLifetime
{
    private const int SigTerm = 15;

    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"gateway-mqtthttp-{Guid.NewGuid():N}");
    private Process? _process;

    public int MqttPort { get; } = FreePort.Next();

    public int HttpPort { get; } = FreePort.Next();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway's console output so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(200));

    public async Task InitializeAsync()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Gateway.Host.dll");
        Assert.True(File.Exists(host), $"{host} is missing: build the solution first");
        Directory.CreateDirectory(_dataDir);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { host, "--mqtt-port", $"{MqttPort}", "--http-port", $"{HttpPort}", "--data-dir", _dataDir },
            WorkingDirectory = _dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["GATEWAY_MQTT_BIND"] = "127.0.0.1",
                ["GATEWAY_HTTP_BIND"] = "127.0.0.1",
                ["GATEWAY_PERSISTENCE"] = "sqlite",
            },
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = Deadline.Patience };
        try
        {
            await Deadline.Until(async () =>
            {
                if (_process.HasExited)
                    throw new InvalidOperationException($"the gateway exited with {_process.ExitCode}:\n{Output}");
                try
                {
                    using var ready = await Http.GetAsync("/readyz");
                    return ready.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "GET /readyz to answer 200");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Output}", e);
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (_process is { HasExited: false })
            {
                _ = kill(_process.Id, SigTerm);
                try
                {
                    await Deadline.Within(_process.WaitForExitAsync, "the gateway to stop on SIGTERM");
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                    throw;
                }
            }
        }
        finally
        {
            _process?.Dispose();
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
