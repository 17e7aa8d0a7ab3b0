using System.Diagnostics;
using System.Net;
using System.Reflection;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.LoadTest.Targets;

namespace Gateway.CrashTest.Targets;

/// <summary>
/// The gateway under test: <c>dotnet Gateway.Host.dll</c> on two loopback ports that stay the same
/// across restarts, journaling into one <see cref="JournalStore"/>; killed with SIGKILL, started
/// again on the same data, stopped with SIGTERM at the end. Each start logs to its own file, which
/// an outage cycle (the process lives on) reads from where the cycle began.
/// </summary>
public sealed class GatewayNode : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(120);
    private readonly string _dll;
    private readonly IReadOnlyList<string> _storeArguments;
    private readonly string _workDir;
    private readonly string _logDir;
    private const int ErrorsKept = 3;
    private ChildProcess? _process;
    private string? _logPath;
    private int _starts;

    public GatewayNode(string dll, IReadOnlyList<string> storeArguments, string workDir, string logDir)
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"no gateway at {dll}; build it (dotnet build -c Release src/Gateway.Host) or pass --gateway-dll", dll);
        _dll = dll;
        _storeArguments = storeArguments;
        _workDir = workDir;
        _logDir = logDir;
        var ports = FreePorts.Take(2);
        MqttPort = ports[0];
        HttpPort = ports[1];
    }

    public int MqttPort { get; }

    public int HttpPort { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>The Gateway.Host.dll this tool was built with: src/Gateway.Host/bin/{configuration}/{framework}/.</summary>
    public static string DefaultDll()
    {
        var configuration = typeof(GatewayNode).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                return Path.Combine(dir.FullName, "src", "Gateway.Host", "bin", configuration, framework, "Gateway.Host.dll");
        throw new FileNotFoundException("cannot find the repository (Gateway.sln) above the tool; pass --gateway-dll");
    }

    /// <summary>Starts a process on the store and waits for /readyz 200; answers how long that took.</summary>
    public async Task<TimeSpan> StartAsync(CancellationToken ct)
    {
        if (_process is not null)
            throw new InvalidOperationException("the gateway is already running");
        _starts++;
        var clock = Stopwatch.StartNew();
        _logPath = Path.Combine(_logDir, $"gateway-{_starts:000}.log");
        // Settings of the machine running the tool must not change the gateway under test.
        _process = ChildProcess.Start(Dotnet(), [_dll, "--mqtt-port", MqttPort.ToString(), "--http-port", HttpPort.ToString(), .. _storeArguments],
            _workDir, _logPath, ["GATEWAY_"]);
        await Readiness.WaitAsync(_process, BaseUrl, ReadyDeadline, $"start #{_starts}", ct);
        return clock.Elapsed;
    }

    /// <summary>SIGKILL: the crash this tool is about. Answers the errors the process had logged.</summary>
    public async Task<LoggedErrors> KillAsync()
    {
        if (_process is not { } process)
            throw new InvalidOperationException("the gateway is not running");
        _process = null;
        await process.KillAsync();
        var (_, errors, first) = process.LoggedProblems();
        process.Dispose();
        return new LoggedErrors(errors, first);
    }

    /// <summary>How much the running process has logged so far (its log is flushed line by line): where a cycle's part of it begins.</summary>
    public long LogLength => _logPath is null ? 0 : new FileInfo(_logPath).Length;

    /// <summary>
    /// The errors (<c>fail:</c> and <c>crit:</c> lines) the running process logged after
    /// <paramref name="offset"/>: a process that lives through several cycles has logged the
    /// earlier cycles' errors before it.
    /// </summary>
    public LoggedErrors ErrorsSince(long offset)
    {
        if (_logPath is null)
            return new LoggedErrors(0, []);
        using var file = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var count = 0;
        var first = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains(" fail: ", StringComparison.Ordinal) && !line.Contains(" crit: ", StringComparison.Ordinal))
                continue;
            if (++count <= ErrorsKept)
                first.Add(line.Length > 400 ? line[..400] : line);
        }
        return new LoggedErrors(count, first);
    }

    /// <summary>SIGTERM, as at the end of a run: true when the process exited by itself within 60 s.</summary>
    public async Task<bool> StopAsync()
    {
        if (_process is not { } process)
            return true;
        _process = null;
        var clean = await process.StopAsync(TimeSpan.FromSeconds(60));
        process.Dispose();
        return clean;
    }

    /// <summary>The same dotnet as the SDK that launched the tool, else the one on PATH.</summary>
    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(30));
            process.Dispose();
        }
    }
}
