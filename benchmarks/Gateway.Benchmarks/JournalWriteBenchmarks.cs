using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Journal;
using Gateway.Devices.Journal;

namespace Gateway.Benchmarks;

/// <summary>
/// Journal writes through the real Akka.Persistence.Sql plugin with the shipped settings
/// (<c>hocon/persistence.{store}.hocon</c> and, for PostgreSQL, the host's COPY setup) and the
/// gateway serializer, on SQLite (WAL) and on a real PostgreSQL server started for the run.
/// <see cref="Writers"/> persistent actors (devices) write <see cref="Events"/> events between
/// them, one event per persist call; the event is the drone telemetry entry the device actor
/// journals. One operation is one event, so the mean time per operation is the inverse of events
/// per second.
/// </summary>
// Three iterations: one SQLite Persist iteration takes tens of seconds on the 2-core machine.
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class JournalWriteBenchmarks
{
    private const int Events = 10_000;

    private JournalStore _store = null!;
    private ActorSystem _system = null!;
    private ReportedMerged _event = null!;
    private IActorRef[] _writers = [];
    private int _round;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "";

    /// <summary>PersistAsync is what telemetry uses; Persist (written before anything is acknowledged) is what commands and device events use.</summary>
    [Params("PersistAsync", "Persist")]
    public string Mode { get; set; } = "";

    /// <summary>Devices writing at the same time: the gateway has thousands, and the plugin can only batch what is pending together.</summary>
    [Params(50, 500, 2000)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new JournalStore(Store);
        _system = _store.CreateSystem("bench");
        _event = CoalescedTelemetry.Drone();
        CreateWriters();
        WriteEvents(); // creates the tables and warms the connection pool
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _system.Terminate().Wait();
        _store.Dispose();
    }

    /// <summary>New devices for each iteration, recovered before it starts (recovery is not what is measured).</summary>
    [IterationSetup]
    public void CreateWriters()
    {
        var round = ++_round;
        var perWriter = Events / Writers;
        var persistAsync = Mode == "PersistAsync";
        _writers = new IActorRef[Writers];
        // Props from arguments, not from an expression: an expression is compiled into a dynamic
        // method per actor, and finalizing thousands of those would run during the measurement.
        for (var w = 0; w < Writers; w++)
            _writers[w] = _system.ActorOf(Props.Create<JournalWriter>($"drone/bench-{round}-{w}", _event, perWriter, persistAsync));
        Task.WaitAll(_writers.Select(w => w.Ask<JournalWriter.Ready>(JournalWriter.Ready.Instance, TimeSpan.FromMinutes(5))));
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void WriteEvents() =>
        Task.WaitAll(_writers.Select(w => w.Ask<JournalWriter.Done>(JournalWriter.Start.Instance, TimeSpan.FromMinutes(5))));
}
