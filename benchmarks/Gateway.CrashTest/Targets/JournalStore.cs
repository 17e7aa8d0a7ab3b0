using Gateway.CrashTest.Options;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.CrashTest.Targets;

/// <summary>
/// The journal that outlives every kill: SQLite files in a data folder the restarted gateway is
/// given again, or one database on a private PostgreSQL server (started as the integration tests
/// start theirs), which keeps running while the gateway is killed and restarted, and which an
/// outage cycle stops and starts again under the running gateway.
/// </summary>
public sealed class JournalStore : IAsyncDisposable
{
    private const string Database = "gateway";
    private readonly PostgresServer? _postgres;

    private JournalStore(IReadOnlyList<string> gatewayArguments, string description, PostgresServer? postgres)
    {
        GatewayArguments = gatewayArguments;
        Description = description;
        _postgres = postgres;
    }

    /// <summary>What the gateway is started with, every time, to journal here.</summary>
    public IReadOnlyList<string> GatewayArguments { get; }

    public string Description { get; }

    public static async Task<JournalStore> OpenAsync(StoreKind kind, string workDir)
    {
        if (kind == StoreKind.Sqlite)
        {
            var data = Path.Combine(workDir, "data");
            return new JournalStore(["--data-dir", data], $"SQLite in {data}", null);
        }
        var postgres = await PostgresServer.StartAsync(Database);
        return new JournalStore(["--persistence", "postgres", "--connection-string", postgres.ConnectionString(Database)],
            $"PostgreSQL on 127.0.0.1:{postgres.Port} (data {postgres.DataDir})", postgres);
    }

    /// <summary>The outage: PostgreSQL's fast shutdown (sessions ended, what was committed kept), as an operator's restart or a failover does.</summary>
    public Task StopAsync() => Postgres().StopAsync();

    /// <summary>The end of the outage: the same server, data and port again.</summary>
    public Task StartAgainAsync() => Postgres().StartAgainAsync();

    private PostgresServer Postgres() =>
        _postgres ?? throw new InvalidOperationException("only the tool's private PostgreSQL can be stopped under the gateway (--store postgres)");

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
