using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Gateway.Benchmarks.Infrastructure;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;
using Microsoft.Data.Sqlite;

namespace Gateway.Benchmarks;

/// <summary>
/// The "live device entities" target, measured once rather than through BenchmarkDotNet (whose
/// repeated iterations would not describe one population of N actors and one restart): N drone
/// actors on the shipped SQLite journal and snapshot store (WAL), each with one telemetry
/// message; the process memory with all of them live; then a clean stop (which journals the
/// coalesced telemetry), a new actor system on the same files, and the time until all N have
/// recovered and answered a view.
/// </summary>
public static class EntityScale
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);
    private const int CreationWave = 1_000;

    public static int Run(int count, string overrides)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"gateway-scale-{Guid.NewGuid():N}");
        var journal = $"Data Source={Path.Combine(dir, "journal.db")}";
        var snapshots = $"Data Source={Path.Combine(dir, "snapshots.db")}";
        Directory.CreateDirectory(dir);
        try
        {
            PrepareWal(journal, snapshots);
            Console.WriteLine($"entities: {count:N0}, SQLite files in {dir}, GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
            if (overrides.Length > 0)
                Console.WriteLine($"settings overridden: {overrides}");

            var (system, context) = Start(journal, snapshots, overrides);
            var baseline = Memory();
            var clock = Stopwatch.StartNew();
            var cpu = Cpu();
            var devices = new IActorRef[count];
            var telemetry = Encoding.UTF8.GetString(Payloads.DroneTelemetry);
            // Devices come in waves, as they connect: N recoveries and N journal writes started in
            // the same instant can queue longer than the journal's circuit breaker waits, and the
            // actors whose first write times out stop. A wave's coalesced telemetry is journaled
            // (a view is answered after the writes in flight) before the next wave starts, so the
            // journal's queue stays short. The restart below is all at once.
            var flushWindow = context.Telemetry![DroneKind].Window;
            for (var wave = 0; wave < count; wave += CreationWave)
            {
                var end = Math.Min(count, wave + CreationWave);
                for (var i = wave; i < end; i++)
                {
                    devices[i] = system.ActorOf(DeviceActor.Props(Entity(i), context), $"scale-{i}");
                    // The payload names its own drone, else the actor rejects it.
                    var payload = Encoding.UTF8.GetBytes(telemetry.Replace("Alpha-3", $"scale-{i}"));
                    devices[i].Tell(new DeviceInput(Entity(i), DeviceChannel.Telemetry, $"/drone/scale-{i}/telemetry", payload, DateTimeOffset.UtcNow), ActorRefs.NoSender);
                }
                if (AskAll(system, devices, wave, end).FirstOrDefault(v => v.RecentRejections.Count > 0) is { } rejected)
                    throw new InvalidOperationException($"scale telemetry is rejected: {rejected.RecentRejections[0].Reason}");
                Thread.Sleep(flushWindow);
                AskAll(system, devices, wave, end);
                if (end % (10 * CreationWave) == 0)
                    Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {end:N0} created");
            }
            var createTime = clock.Elapsed;
            var createCpu = Cpu() - cpu;
            var live = Memory();
            // Each row is written as soon as it is known, so a run stopped early still tells what it measured.
            Console.WriteLine("| step | time | process CPU | working set | GC heap |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| actor system started, no entities | | | {Mib(baseline.WorkingSet)} | {Mib(baseline.Heap)} |");
            Console.WriteLine($"| {count:N0} created ({CreationWave:N0} at a time), one telemetry each, all answered a view | {createTime.TotalSeconds:F2} s | {createCpu.TotalSeconds:F2} s | {Mib(live.WorkingSet)} | {Mib(live.Heap)} |");
            Console.WriteLine($"| per entity (difference / N) | | | {(live.WorkingSet - baseline.WorkingSet) / (double)count:N0} B | {(live.Heap - baseline.Heap) / (double)count:N0} B |");

            clock.Restart();
            cpu = Cpu();
            WaitWithProgress(system, devices.Select(d => d.GracefulStop(Patience, StopDevice.Instance)).ToArray(), "stopped");
            var stopTime = clock.Elapsed;
            var stopCpu = Cpu() - cpu;
            Console.WriteLine($"| all stopped (coalesced telemetry journaled) | {stopTime.TotalSeconds:F2} s | {stopCpu.TotalSeconds:F2} s | | |");
            system.Terminate().Wait();
            devices = [];
            SqliteConnection.ClearAllPools();

            // A new actor system on the same files stands for a restarted gateway.
            (system, context) = Start(journal, snapshots, overrides);
            clock.Restart();
            cpu = Cpu();
            devices = new IActorRef[count];
            for (var i = 0; i < count; i++)
                devices[i] = system.ActorOf(DeviceActor.Props(Entity(i), context), $"scale-{i}");
            var recovered = AskAll(system, devices, 0, count);
            var recoveryTime = clock.Elapsed;
            var recoveryCpu = Cpu() - cpu;
            var missing = recovered.Count(v => !Encoding.UTF8.GetString(v.Shadow.Reported.Span).Contains("\"battery\":84"));
            recovered = [];
            var afterRecovery = Memory();
            system.Terminate().Wait();

            Console.WriteLine($"| new actor system: all recovered and answered a view | {recoveryTime.TotalSeconds:F2} s | {recoveryCpu.TotalSeconds:F2} s | {Mib(afterRecovery.WorkingSet)} | {Mib(afterRecovery.Heap)} |");
            Console.WriteLine();
            Console.WriteLine(missing == 0
                ? $"all {count:N0} recovered views carry the battery reading"
                : $"{missing:N0} of {count:N0} recovered views lack the battery reading");
            return missing == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string DroneKind = "drone";

    private static string Entity(int i) => $"{DroneKind}/scale-{i}";

    private static (ActorSystem, DeviceActorContext) Start(string journal, string snapshots, string overrides)
    {
        var config = ConfigurationFactory.ParseString(overrides).WithFallback(ConfigurationFactory.ParseString($$"""
                akka.actor.provider = local
                akka.loglevel = WARNING
                akka.persistence.journal.sql.connection-string = "{{journal}}"
                akka.persistence.snapshot-store.sql.connection-string = "{{snapshots}}"
                """))
            .WithFallback(Payloads.Hocon("persistence.sqlite.hocon"))
            .WithFallback(Payloads.GatewayHocon())
            .WithFallback(Gateway.Persistence.SqlPluginDefaults.Config);
        var system = ActorSystem.Create("scale", config);
        StartScheduler(system);
        var profiles = DeviceProfiles.Create(config);
        var sink = system.ActorOf<Sink>();
        var context = DeviceActorContext.Create(config, profiles, sink, sink);
        return (system, context);
    }

    /// <summary>
    /// Akka.NET's scheduler starts on its first use: the caller queues the timer loop on the thread
    /// pool and blocks until it runs. When that first use is thousands of new actors arming their
    /// receive timeouts at once, every pool thread blocks there while the timer loop waits in the
    /// queue behind the other actors' mailboxes: the pool grows a thread or two a second and the
    /// run makes no progress (what stalled the 10,000 run). The host never meets this (the
    /// cluster's own timers start the scheduler before any device exists); here the main thread
    /// starts it before the first entity, as the cluster does there.
    /// </summary>
    private static void StartScheduler(ActorSystem system) =>
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => { });

    // As the host does (SqliteFiles.Prepare): WAL is a property of the file, set once before the journal opens it.
    private static void PrepareWal(params string[] connections)
    {
        foreach (var connection in connections)
        {
            using var c = new SqliteConnection(connection);
            c.Open();
            using var wal = c.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteScalar();
        }
    }

    // A device answers a view after everything sent to it before, so one answer each means all were applied.
    private static DeviceView[] AskAll(ActorSystem system, IActorRef[] devices, int from, int to)
    {
        var views = new Task<DeviceView>[to - from];
        for (var i = from; i < to; i++)
            views[i - from] = devices[i].Ask<DeviceView>(new GetDeviceView(Entity(i)), Patience);
        WaitWithProgress(system, views, "answered a view");
        return views.Select(v => v.Result).ToArray();
    }

    // A progress line every 10 s, so a slow run is told from a stalled one while it runs; with no
    // progress, the journal's health too.
    private static void WaitWithProgress(ActorSystem system, Task[] tasks, string what)
    {
        var all = Task.WhenAll(tasks);
        var clock = Stopwatch.StartNew();
        var done = 0;
        while (!all.Wait(TimeSpan.FromSeconds(10)))
        {
            var now = tasks.Count(t => t.IsCompleted);
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {now:N0} of {tasks.Length:N0} {what}; {ThreadPool.ThreadCount} pool threads, {ThreadPool.PendingWorkItemCount:N0} work items queued");
            if (now == done)
                Console.WriteLine($"  no progress: {JournalHealth(system)}");
            done = now;
        }
        all.GetAwaiter().GetResult();
    }

    // An open circuit breaker fails every call, and what opened it may be in no actor's log.
    private static string JournalHealth(ActorSystem system)
    {
        try
        {
            var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
            var health = journal.Ask<JournalHealthCheckResponse>(new CheckJournalHealth(CancellationToken.None), TimeSpan.FromSeconds(5)).Result.Result;
            return $"journal {health.Status}: {health.Description}; last failure it counted: {health.Exception}";
        }
        catch (AggregateException e)
        {
            return $"journal did not answer its health check: {e.InnerException?.Message}";
        }
    }

    private static (long WorkingSet, long Heap) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        return (Environment.WorkingSet, heap);
    }

    // CPU used by the process next to the wall clock tells waiting from computing.
    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):N0} MiB";
}
