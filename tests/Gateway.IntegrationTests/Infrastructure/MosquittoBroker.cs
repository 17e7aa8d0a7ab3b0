using System.Diagnostics;
using System.Net.Sockets;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A private mosquitto 2 broker (Debian's <c>/usr/sbin/mosquitto</c>): its own port on 127.0.0.1,
/// anonymous clients unless other access settings are given, no persistence, its log kept for assertion messages. It can be stopped and
/// started again on the same port, as an operator restarting the broker would.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Install = "Install the mosquitto broker: apt-get install mosquitto (Debian/Ubuntu; ./scripts/test.sh does it when run as root), dnf install mosquitto (Fedora), brew install mosquitto (macOS).";
    private static readonly TimeSpan ListenDeadline = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly string _binary;
    private readonly ProcessLog _log = new();
    private Process? _process;

    private MosquittoBroker(string binary, IReadOnlyList<string> access)
    {
        _binary = binary;
        _root = Directory.CreateTempSubdirectory("gateway-it-mosquitto-").FullName;
        Port = FreePorts.One();
        File.WriteAllText(ConfigFile, $"""
            listener {Port} 127.0.0.1
            {string.Join('\n', access)}
            persistence false
            log_dest stdout
            log_type error
            log_type warning
            log_type notice
            log_type information
            """);
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    private string ConfigFile => Path.Combine(_root, "mosquitto.conf");

    public string LogTail(int lines = 100) => $"--- mosquitto on {Port} (last {lines} lines) ---\n{_log.Tail(lines)}";

    /// <summary>
    /// Starts a broker; <paramref name="access"/> replaces <c>allow_anonymous true</c> (a
    /// password_file and an acl_file, say). Run as root, mosquitto reads those files as the user
    /// it drops to, so they must be readable by others.
    /// </summary>
    public static Task<MosquittoBroker> StartAsync(IReadOnlyList<string>? access = null) => StartWithAsync(access);

    /// <summary>
    /// A broker for the users of <paramref name="passwordFile"/> only. Started as root, mosquitto
    /// becomes the user "mosquitto", who cannot read a file written with mode 0600, so it stays this user.
    /// </summary>
    public static Task<MosquittoBroker> StartAsync(string passwordFile) =>
        StartWithAsync(["allow_anonymous false", $"password_file {Path.GetFullPath(passwordFile)}", $"user {Environment.UserName}"]);

    private static async Task<MosquittoBroker> StartWithAsync(IReadOnlyList<string>? access)
    {
        var broker = new MosquittoBroker(RequiredTool.Find("mosquitto", Install, ["/usr/sbin", "/usr/local/sbin"]), access ?? ["allow_anonymous true"]);
        try
        {
            await broker.StartAgainAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the broker (again) on its port and returns once it accepts TCP connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
            throw new InvalidOperationException($"mosquitto on {Port} is already running");
        // mosquitto's stdout is block-buffered into a pipe, so its log would arrive in 4 KB chunks or
        // at exit, too late for a failure message; stdbuf (coreutils) makes it line-buffered.
        var stdbuf = new[] { "/usr/bin/stdbuf", "/bin/stdbuf" }.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(stdbuf ?? _binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        if (stdbuf is not null)
        {
            start.ArgumentList.Add("-oL");
            start.ArgumentList.Add(_binary);
        }
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigFile);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Add("out", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Add("err", e.Data); };
        _log.Mark($"start: {_binary} -c {ConfigFile}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ListenDeadline)
        {
            if (process.HasExited)
                Assert.Fail($"mosquitto exited with code {process.ExitCode} before it listened\n{LogTail()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Fail($"mosquitto did not listen on {Port} within {ListenDeadline.TotalSeconds} s\n{LogTail()}");
    }

    /// <summary>Stops the broker (SIGTERM, as a service manager would) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
            return;
        _process = null;
        if (!process.HasExited)
        {
            Libc.Kill(process.Id, Libc.SigTerm);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        _log.Mark($"exited with code {process.ExitCode}");
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run for.
        }
    }
}
