using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gateway.Benchmarks;

/// <summary>
/// Where the device actor's bytes per operation go (`--allocations telemetry|sharded|commands [count]`):
/// the memory diagnoser gives the total, this gives the types. It runs the shipped policies of
/// <see cref="DeviceActorBenchmarks"/>, <see cref="ShardedDeliveryBenchmarks"/> or <see cref="DeviceCommandBenchmarks"/> and listens to the runtime's allocation-tick events (one
/// sample about every 100 KB allocated, naming the type that crossed the mark), so each type's
/// share of the samples is its share of the bytes.
/// </summary>
public static class AllocationProfile
{
    public static int Run(string scenario, int operations)
    {
        switch (scenario)
        {
            case "telemetry":
                var telemetry = new DeviceActorBenchmarks { Devices = 100, TelemetryPersist = "coalesce", StatePublishInterval = "20ms" };
                return Profile(telemetry.Setup, telemetry.ApplyTelemetry, telemetry.Cleanup, DeviceActorBenchmarks.Messages, operations,
                    "telemetry messages over 100 devices (coalesced journal, 20 ms state publications)");
            case "sharded":
                var sharded = new ShardedDeliveryBenchmarks();
                return Profile(sharded.Setup, sharded.TellThroughShardRegion, sharded.Cleanup, ShardedDeliveryBenchmarks.Messages, operations,
                    "telemetry messages over 100 devices through the shard region of a one-node cluster (shipped policies)");
            case "commands":
                var commands = new DeviceCommandBenchmarks { Devices = 100 };
                return Profile(commands.Setup, commands.SubmitAcknowledgeSettle, commands.Cleanup, DeviceCommandBenchmarks.Commands, operations,
                    "drone commands over 100 devices, each submitted, acknowledged and awaited until settled");
            default:
                throw new ArgumentException($"--allocations takes telemetry, sharded or commands, not '{scenario}'");
        }
    }

    private static int Profile(Action setup, Action round, Action cleanup, int perRound, int operations, string what)
    {
        setup();
        try
        {
            Measure(round, perRound, operations, what);
            return 0;
        }
        finally
        {
            cleanup();
        }
    }

    private static void Measure(Action round, int perRound, int operations, string what)
    {
        // Warm up: JIT, first publications, the timers' and mailboxes' first segments.
        for (var i = 0; i < 5; i++)
            round();
        using var listener = new AllocationTicks();
        var rounds = Math.Max(1, operations / perRound);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < rounds; i++)
            round();
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;
        var count = (long)rounds * perRound;
        var perOperation = total / (double)count;
        Console.WriteLine($"{count:N0} {what}");
        Console.WriteLine($"allocated: {total:N0} B in the process = {perOperation:N1} B per operation");
        Console.WriteLine();
        Console.WriteLine("| type | share of samples | ≈ B per operation |");
        Console.WriteLine("|---|---:|---:|");
        var samples = listener.ByType.Values.Sum();
        foreach (var (type, n) in listener.ByType.OrderByDescending(p => p.Value).Take(25))
            Console.WriteLine($"| `{type}` | {100.0 * n / samples:N1} % | {perOperation * n / samples:N1} |");
    }

    private sealed class AllocationTicks : EventListener
    {
        private const int GcAllocationTick = 10;
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        public ConcurrentDictionary<string, long> ByType { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventId != GcAllocationTick || e.PayloadNames is null)
                return;
            var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            ByType.AddOrUpdate(type, 1, (_, n) => n + 1);
        }
    }
}
