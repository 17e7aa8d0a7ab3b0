using System.Net;
using System.Reflection;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.LoadTest.Targets;

/// <summary>
/// The embedded target: <c>dotnet Gateway.Host.dll --mqtt-port P --http-port H --data-dir D --config F</c>
/// on free loopback ports, a fresh SQLite folder and the tool's overrides, ready once /readyz answers 200.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private readonly ChildProcess _process;
    private readonly string _workDir;

    private GatewayProcess(ChildProcess process, string workDir, int mqttPort, int httpPort)
    {
        _process = process;
        _workDir = workDir;
        MqttPort = mqttPort;
        HttpPort = httpPort;
    }

    public int MqttPort { get; }

    public int HttpPort { get; }

    public int Pid => _process.Pid;

    public Uri BaseUrl => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>Sentences for the report's findings: an exit during the run, errors the gateway logged.</summary>
    public IReadOnlyList<string> Health()
    {
        var notes = new List<string>();
        if (_process.HasExited)
            notes.Add("gateway: the process exited during the run; see gateway.log");
        var (warnings, errors, first) = _process.LoggedProblems();
        if (errors > 0)
            notes.Add($"gateway: logged {errors} errors and {warnings} warnings (gateway.log); first: {string.Join(" | ", first)}");
        return notes;
    }

    public static async Task<GatewayProcess> StartAsync(string dll, string overridesHocon, string logPath, CancellationToken ct)
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"no gateway at {dll}; build it (dotnet build -c Release src/Gateway.Host) or pass --gateway-dll", dll);
        var workDir = Directory.CreateTempSubdirectory("gateway-loadtest-").FullName;
        var config = Path.Combine(workDir, "loadtest.hocon");
        await File.WriteAllTextAsync(config, overridesHocon, ct);
        var ports = FreePorts.Take(2);
        // Settings of the machine running the tool must not change the gateway under test.
        var process = ChildProcess.Start(Dotnet(), [dll, "--mqtt-port", ports[0].ToString(), "--http-port", ports[1].ToString(),
            "--data-dir", Path.Combine(workDir, "data"), "--config", config], workDir, logPath, ["GATEWAY_"]);
        var gateway = new GatewayProcess(process, workDir, ports[0], ports[1]);
        try
        {
            await Readiness.WaitAsync(gateway._process, gateway.BaseUrl, ReadyDeadline, "its start", ct);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Gateway.Host.dll this tool was built with: src/Gateway.Host/bin/{configuration}/{framework}/.</summary>
    public static string DefaultDll()
    {
        var configuration = typeof(GatewayProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                return Path.Combine(dir.FullName, "src", "Gateway.Host", "bin", configuration, framework, "Gateway.Host.dll");
        throw new FileNotFoundException("cannot find the repository (Gateway.sln) above the tool; pass --gateway-dll");
    }

    /// <summary>The same dotnet as the SDK that launched the tool, else the one on PATH.</summary>
    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public async ValueTask DisposeAsync()
    {
        if (!await _process.StopAsync(TimeSpan.FromSeconds(30)))
            Console.Error.WriteLine("loadtest: the gateway did not exit within 30 s of SIGTERM and was killed");
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
