using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Persistence;
using Microsoft.Data.Sqlite;

namespace Gateway.Benchmarks.Journal;

/// <summary>
/// The journal's database for a run: a SQLite file in WAL mode in a temp folder (as the host
/// prepares it) or a real PostgreSQL server started for the run. <see cref="Config"/> is the
/// shipped <c>hocon/persistence.{store}.hocon</c> with only the connection string added, and
/// <see cref="CreateSystem"/> adds what the host adds for PostgreSQL (<see cref="PostgresJournalCopy"/>),
/// so the figures are those of the shipped plugin settings.
/// </summary>
public sealed class JournalStore : IDisposable
{
    private readonly LocalPostgres? _postgres;
    private readonly string? _sqliteDir;

    public JournalStore(string store)
    {
        string connection;
        if (store == "sqlite")
        {
            _sqliteDir = Path.Combine(Path.GetTempPath(), $"gateway-bench-sqlite-{Guid.NewGuid():N}");
            Directory.CreateDirectory(_sqliteDir);
            connection = $"Data Source={Path.Combine(_sqliteDir, "journal.db")}";
            using var c = new SqliteConnection(connection);
            c.Open();
            using var wal = c.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteScalar();
        }
        else
        {
            _postgres = new LocalPostgres();
            connection = _postgres.ConnectionString;
        }
        Config = ConfigurationFactory.ParseString($$"""
                akka.actor.provider = local
                akka.loglevel = WARNING
                akka.persistence.journal.sql.connection-string = "{{connection}}"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """)
            .WithFallback(Payloads.Hocon($"persistence.{store}.hocon"))
            .WithFallback(Payloads.GatewayHocon())
            .WithFallback(SqlPluginDefaults.Config);
    }

    public Config Config { get; }

    public ActorSystem CreateSystem(string name)
    {
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(Config));
        return ActorSystem.Create(name, _postgres is null ? setup : setup.And(PostgresJournalCopy.Setup(Config)));
    }

    public void Dispose()
    {
        _postgres?.Dispose();
        if (_sqliteDir is null)
            return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_sqliteDir, recursive: true);
    }
}
