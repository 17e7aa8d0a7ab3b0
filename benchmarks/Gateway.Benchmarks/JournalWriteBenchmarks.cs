using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts;
using Gateway.Contracts.Events;
using Gateway.Contracts.Json;
using Microsoft.Data.Sqlite;

namespace Gateway.Benchmarks;

/// <summary>
/// Journal writes through the real Akka.Persistence.Sql plugin and the gateway serializer, on
/// SQLite (WAL, the shipped settings) and on a real PostgreSQL server started for the run:
/// <see cref="Writers"/> persistent actors each write <see cref="EventsPerWriter"/> telemetry events.
/// One operation is one event, so the mean time per operation is the inverse of events per second.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class JournalWriteBenchmarks
{
    private const int Writers = 50;
    private const int EventsPerWriter = 200;

    private ActorSystem _system = null!;
    private LocalPostgres? _postgres;
    private string? _sqliteDir;
    private ReportedMerged _event = null!;
    private int _round;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "";

    /// <summary>PersistAsync is what telemetry uses; Persist is what commands and device events use.</summary>
    [Params("PersistAsync", "Persist")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string connection, provider;
        var parallelism = 4;
        if (Store == "sqlite")
        {
            _sqliteDir = Path.Combine(Path.GetTempPath(), $"gateway-bench-sqlite-{Guid.NewGuid():N}");
            Directory.CreateDirectory(_sqliteDir);
            connection = $"Data Source={Path.Combine(_sqliteDir, "journal.db")}";
            using (var c = new SqliteConnection(connection))
            {
                c.Open();
                using var wal = c.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                wal.ExecuteScalar();
            }
            provider = "SQLite.MS";
            parallelism = 1; // as shipped: SQLite has one writer
        }
        else
        {
            _postgres = new LocalPostgres();
            connection = _postgres.ConnectionString;
            provider = "PostgreSQL.15";
        }
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = local
            akka.loglevel = WARNING
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
              connection-string = "{{connection}}"
              provider-name = "{{provider}}"
              parallelism = {{parallelism}}
              auto-initialize = true
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """)
            .WithFallback(Payloads.GatewayHocon())
            .WithFallback(ConfigurationFactory.FromResource<Akka.Persistence.Sql.SqlPersistence>("Akka.Persistence.Sql.persistence.conf"));
        _system = ActorSystem.Create("bench", config);
        _event = new ReportedMerged(DeviceChannel.Telemetry, new RawJson(Payloads.DroneTelemetry), DateTimeOffset.UtcNow);
        WriteAll(); // creates the tables and warms the connection pool
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _system.Terminate().Wait();
        _postgres?.Dispose();
        if (_sqliteDir is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDir, recursive: true);
        }
    }

    [Benchmark(OperationsPerInvoke = Writers * EventsPerWriter)]
    public void WriteEvents() => WriteAll();

    private void WriteAll()
    {
        var round = Interlocked.Increment(ref _round);
        var done = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var writer = _system.ActorOf(Props.Create(() => new JournalWriter($"bench-{round}-{w}", _event, EventsPerWriter, Mode == "PersistAsync")));
            done[w] = writer.Ask<JournalWriter.Done>(JournalWriter.Start.Instance, TimeSpan.FromMinutes(5));
        }
        Task.WaitAll(done);
    }

    /// <summary>
    /// Persists one event per message it gets, as a device actor does per telemetry message, and
    /// answers when all of them are written.
    /// </summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public sealed class Start { public static readonly Start Instance = new(); }
        public sealed class Done { public static readonly Done Instance = new(); }
        private sealed class Next { public static readonly Next Instance = new(); }

        public JournalWriter(string id, ReportedMerged evt, int count, bool async)
        {
            PersistenceId = id;
            IActorRef? requester = null;
            var written = 0;
            void Handler(ReportedMerged _)
            {
                if (++written < count)
                    return;
                requester!.Tell(Done.Instance);
                Context.Stop(Self);
            }
            Command<Start>(_ =>
            {
                requester = Sender;
                for (var i = 0; i < count; i++)
                    Self.Tell(Next.Instance);
            });
            Command<Next>(_ =>
            {
                if (async)
                    PersistAsync(evt, Handler);
                else
                    Persist(evt, Handler);
            });
        }

        public override string PersistenceId { get; }
    }
}
