using Npgsql;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A private PostgreSQL server: its own data folder under the temp folder, its own port, trust
/// authentication on 127.0.0.1 only. PostgreSQL refuses to run as root, so as root its programs
/// run as the postgres user on a folder that user owns. It throws rather than asserts, so that
/// benchmarks/Gateway.CrashTest, which is no test, starts the same server through the same code.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Install = "Install PostgreSQL: apt-get install postgresql (Debian/Ubuntu; binaries land in /usr/lib/postgresql/<version>/bin), dnf install postgresql-server (Fedora), brew install postgresql (macOS).";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root;
    private readonly string _bin;
    private bool _running;

    private PostgresServer(string bin)
    {
        _bin = bin;
        _root = Directory.CreateTempSubdirectory("gateway-it-postgres-").FullName;
        Port = FreePorts.One();
    }

    public int Port { get; }

    public string DataDir => Path.Combine(_root, "data");

    public string LogFile => Path.Combine(_root, "postgres.log");

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username={ServiceUser}";

    public static async Task<PostgresServer> StartAsync(string database)
    {
        var server = new PostgresServer(FindBinaries());
        try
        {
            await server.InitializeAsync(database);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>initdb and pg_ctl from PATH, else from the newest /usr/lib/postgresql/*/bin, where Debian puts them.</summary>
    private static string FindBinaries()
    {
        var versioned = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var initdb = RequiredTool.Find("initdb", Install, versioned);
        var bin = Path.GetDirectoryName(Path.GetFullPath(ResolveLinks(initdb)))!;
        if (!File.Exists(Path.Combine(bin, "pg_ctl")))
            throw new FileNotFoundException($"initdb is in {bin} but pg_ctl is not. {Install}");
        return bin;
    }

    private static string ResolveLinks(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private async Task InitializeAsync(string database)
    {
        if (Libc.IsRoot)
        {
            var chown = RequiredTool.Find("chown", "chown comes with coreutils: apt-get install coreutils.", ["/usr/bin", "/bin"]);
            var owner = await ExternalCommand.RunAsync(chown, [$"{ServiceUser}:", _root], CommandTimeout);
            if (!owner.Succeeded)
                throw new InvalidOperationException($"could not hand {_root} to the {ServiceUser} user (PostgreSQL refuses to run as root): {owner}");
        }

        var init = await RunAsync("initdb", ["-D", DataDir, "-A", "trust", "-U", ServiceUser, "-E", "UTF8", "--locale=C", "--no-sync"]);
        if (!init.Succeeded)
            throw new InvalidOperationException($"initdb failed: {init}");

        await StartServerAsync();
        await CreateDatabaseAsync(database);
    }

    private async Task StartServerAsync()
    {
        // The socket goes into our own folder: the default /var/run/postgresql may not exist or be writable.
        var options = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off";
        var start = await RunAsync("pg_ctl", ["-D", DataDir, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"]);
        if (!start.Succeeded)
            throw new InvalidOperationException($"PostgreSQL did not start: {start}\nserver log:\n{ReadLog()}");
        _running = true;
    }

    /// <summary>An outage: a fast shutdown (open sessions are ended, what was committed stays), as an operator's restart or a failover does.</summary>
    public async Task StopAsync()
    {
        var stop = await RunAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
        if (!stop.Succeeded)
            throw new InvalidOperationException($"PostgreSQL did not stop: {stop}\nserver log:\n{ReadLog()}");
        _running = false;
    }

    /// <summary>The end of an outage: the same server, data and port again.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    /// <summary>A new, empty database on this server.</summary>
    public async Task CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a PostgreSQL program, as the postgres user when we are root.</summary>
    private Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_bin, program);
        if (!Libc.IsRoot)
            return ExternalCommand.RunAsync(path, arguments, CommandTimeout, _root);
        var runuser = RequiredTool.Find("runuser", "runuser comes with util-linux: apt-get install util-linux.", ["/usr/sbin", "/sbin"]);
        return ExternalCommand.RunAsync(runuser, ["-u", ServiceUser, "--", path, .. arguments], CommandTimeout, _root);
    }

    public string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_running)
        {
            _running = false;
            // Nothing here needs to survive the test run, so there is no point in a checkpoint.
            var stop = await RunAsync("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "-t", "60", "stop"]);
            if (!stop.Succeeded)
                throw new InvalidOperationException($"PostgreSQL did not stop: {stop}\nserver log:\n{ReadLog()}");
        }
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
