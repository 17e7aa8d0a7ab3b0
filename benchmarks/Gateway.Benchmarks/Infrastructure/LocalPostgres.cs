using System.Diagnostics;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.Benchmarks.Infrastructure;

/// <summary>
/// A real PostgreSQL server on a private port and data folder, for the journal benchmark. As
/// root it runs as the postgres user, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    private const string Install = "install it with: apt-get install postgresql";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"gateway-bench-pg-{Guid.NewGuid():N}");
    private readonly string _bin;
    private readonly bool _asRoot = Environment.UserName == "root";

    public LocalPostgres()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
            throw new InvalidOperationException($"PostgreSQL's initdb was not found under /usr/lib/postgresql/*/bin; {Install}");
        Port = FreePorts.One();
        Directory.CreateDirectory(_root);
        if (_asRoot)
            Run("/usr/bin/chown", "postgres:", _root);
        RunAs("initdb", "-A", "trust", "-U", "postgres", "-D", DataDir);
        RunAs("pg_ctl", "-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1", "start");
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres";

    private void RunAs(string tool, params string[] args) =>
        Run(_asRoot ? "/usr/sbin/runuser" : Path.Combine(_bin, tool), _asRoot ? ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args] : args);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}{stdout.Result}");
    }


    public void Dispose()
    {
        try
        {
            RunAs("pg_ctl", "-D", DataDir, "-m", "fast", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
