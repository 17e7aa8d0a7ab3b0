using System.Diagnostics;
using System.Net;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway as a child process: <c>dotnet Gateway.Host.dll --mqtt-port N --http-port N ...</c>,
/// ready once <c>/readyz</c> answers 200, stopped with SIGTERM so that coordinated shutdown runs,
/// or killed with SIGKILL as a crash would. A restart starts a new process on the same ports and
/// the same data folder.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(60);

    private readonly string _name;
    private readonly string _workDir;
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly int _remotingPort;
    private readonly ProcessLog _log = new();
    private Process? _process;
    private HttpClient? _http;
    private int _starts;

    private GatewayProcess(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        _environment = environment ?? new Dictionary<string, string>();
        _name = name;
        _workDir = Directory.CreateTempSubdirectory($"gateway-it-{name}-").FullName;
        DataDir = Path.Combine(_workDir, "data");
        _arguments = arguments;
        // The remoting port is picked here too, though the gateway's default (0, a port the kernel
        // hands out from its ephemeral range) could no longer take the ports above, which FreePorts
        // picks below that range: with a port of its own a restarted gateway comes back on the same
        // Akka address, as a deployed node with --cluster-port does, and the start line in its log
        // names the port.
        var ports = FreePorts.Take(3);
        MqttPort = ports[0];
        HttpPort = ports[1];
        _remotingPort = ports[2];
    }

    /// <summary>Starts a gateway on SQLite in a fresh data folder.</summary>
    public static Task<GatewayProcess> StartAsync(string name) => StartAsync(name, []);

    /// <summary>An environment that turns on the embedded broker's debug lines, such as a persistent session's client gone away.</summary>
    public static IReadOnlyDictionary<string, string> BrokerDebugLog { get; } =
        new Dictionary<string, string> { ["Logging__LogLevel__Gateway.Mqtt.EmbeddedBrokerTransport"] = "Debug" };

    /// <summary>
    /// Starts a gateway with <paramref name="arguments"/> after its ports, and <paramref name="environment"/>
    /// (the .NET runtime's own settings, for instance); unless they choose the persistence
    /// (<c>--persistence</c>), it is SQLite in <see cref="DataDir"/>.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(string name, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var gateway = new GatewayProcess(name, arguments, environment);
        try
        {
            await gateway.StartAgainAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A gateway that is not started yet, for nodes that only become ready together (a cluster
    /// bootstrapping): <see cref="Launch"/> each, then <see cref="WaitUntilReadyAsync"/> each.
    /// </summary>
    public static GatewayProcess Create(string name, IReadOnlyList<string> arguments) => new(name, arguments, null);

    public int MqttPort { get; }

    public int HttpPort { get; }

    public string DataDir { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>The HTTP API of the current process; a new client per start so no pooled connection outlives its server.</summary>
    public GatewayApi Api => new(Http);

    /// <summary>An HTTP client on the current process, for surfaces <see cref="GatewayApi"/> does not cover.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException($"gateway '{_name}' is not running");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process's resident memory now (VmRSS), for bounds on what a client can make it hold.</summary>
    public long ResidentBytes
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"gateway '{_name}' is not running");
            var line = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
        }
    }

    /// <summary>Everything every process of this gateway printed so far.</summary>
    public string Logs => _log.ToString();

    /// <summary>Waits until the log shows <paramref name="text"/>: the process writes its console log asynchronously, so a line may trail what it reports.</summary>
    public Task WaitForLogAsync(string text) =>
        Eventually.Until(() => Task.FromResult(Logs), logs => logs.Contains(text, StringComparison.Ordinal), $"the log line '{text}'", this);

    /// <summary>The end of the log, for assertion messages.</summary>
    public string LogTail(int lines = 200) => $"--- gateway '{_name}' log (last {lines} lines) ---\n{_log.Tail(lines)}";

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Starts the process (again, after a stop or a kill) and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        Launch();
        await WaitUntilReadyAsync();
    }

    /// <summary>SIGKILL: the process ends at once, nothing flushed, as in a crash or a lost machine.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
            return;
        _process = null;
        _http?.Dispose();
        _http = null;
        _log.Mark($"sending SIGKILL to {process.Id}");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        _log.Mark($"killed, exit code {process.ExitCode}");
        process.Dispose();
    }

    /// <summary>SIGTERM, then waits for the process to exit by itself, as a service manager would.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        var process = _process;
        _process = null;
        _http?.Dispose();
        _http = null;
        try
        {
            if (process.HasExited)
                Assert.Fail($"gateway '{_name}' had already exited with code {process.ExitCode} before it was stopped\n{LogTail()}");
            _log.Mark($"sending SIGTERM to {process.Id}");
            if (Libc.Kill(process.Id, Libc.SigTerm) != 0)
                Assert.Fail($"kill({process.Id}, SIGTERM) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            using var deadline = new CancellationTokenSource(ExitDeadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                Assert.Fail($"gateway '{_name}' did not exit within {ExitDeadline.TotalSeconds} s of SIGTERM and was killed\n{LogTail()}");
            }
            _log.Mark($"exited with code {process.ExitCode}");
            // A clean exit code is the visible sign that coordinated shutdown ran to its end.
            Assert.True(process.ExitCode == 0, $"gateway '{_name}' exited with code {process.ExitCode} after SIGTERM\n{LogTail()}");
        }
        finally
        {
            // Whatever failed above, the process is no longer tracked, so it must not outlive this call.
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    /// <summary>Starts the process without waiting for it to be ready.</summary>
    public void Launch()
    {
        if (_process is not null)
            throw new InvalidOperationException($"gateway '{_name}' is already running");
        _starts++;
        var start = new ProcessStartInfo(HostBinary.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDir,
        };
        List<string> arguments = [HostBinary.DllPath, "--mqtt-port", MqttPort.ToString(), "--http-port", HttpPort.ToString()];
        arguments.AddRange(_arguments.Contains("--persistence") ? _arguments : ["--data-dir", DataDir, .. _arguments]);
        if (!_arguments.Contains("--cluster-port"))
            arguments.AddRange(["--cluster-port", _remotingPort.ToString()]);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Settings from the machine running the tests must not leak into the gateway under test.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("GATEWAY_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(variable);
        foreach (var (variable, value) in _environment)
            start.Environment[variable] = value;

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Add("out", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Add("err", e.Data); };
        _log.Mark($"start #{_starts}: {start.FileName} {string.Join(' ', arguments)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Waits until <c>/readyz</c> answers 200; fails with the log if the process exits or the deadline passes.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? within = null)
    {
        var readyDeadline = within ?? ReadyDeadline;
        var process = _process ?? throw new InvalidOperationException($"gateway '{_name}' is not running");
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < readyDeadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                Assert.Fail($"gateway '{_name}' exited with code {process.ExitCode} before it was ready\n{LogTail()}");
            }
            try
            {
                using var response = await probe.GetAsync("readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"gateway '{_name}' was not ready within {readyDeadline.TotalSeconds} s; last /readyz: {last}\n{LogTail()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process is { HasExited: false })
                await StopAsync();
        }
        finally
        {
            // A process that never got as far as StopAsync (a failed start) must not outlive the test run either.
            if (_process is { HasExited: false } left)
                left.Kill(entireProcessTree: true);
            _process?.Dispose();
            _http?.Dispose();
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
}
