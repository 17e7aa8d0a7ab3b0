using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gateway.Benchmarks;

/// <summary>
/// Where the device actor's bytes per message go (`--allocations [messages]`): the memory
/// diagnoser gives the total, this gives the types. It runs the shipped policies of
/// <see cref="DeviceActorBenchmarks"/> and listens to the runtime's allocation-tick events (one
/// sample about every 100 KB allocated, naming the type that crossed the mark), so each type's
/// share of the samples is its share of the bytes.
/// </summary>
public static class AllocationProfile
{
    public static int Run(int messages)
    {
        var bench = new DeviceActorBenchmarks { Devices = 100, TelemetryPersist = "coalesce", StatePublishInterval = "20ms" };
        bench.Setup();
        try
        {
            // Warm up: JIT, first publications, the timers' and mailboxes' first segments.
            for (var i = 0; i < 5; i++)
                bench.ApplyTelemetry();
            using var listener = new AllocationTicks();
            var rounds = Math.Max(1, messages / DeviceActorBenchmarks.Messages);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < rounds; i++)
                bench.ApplyTelemetry();
            var total = GC.GetTotalAllocatedBytes(precise: true) - before;
            var count = (long)rounds * DeviceActorBenchmarks.Messages;
            Console.WriteLine($"messages: {count:N0} over 100 devices (coalesced journal, 20 ms state publications)");
            Console.WriteLine($"allocated: {total:N0} B in the process = {total / (double)count:N1} B per message");
            Console.WriteLine();
            Console.WriteLine("| type | share of samples | ≈ B per message |");
            Console.WriteLine("|---|---:|---:|");
            var samples = listener.ByType.Values.Sum();
            foreach (var (type, n) in listener.ByType.OrderByDescending(p => p.Value).Take(25))
                Console.WriteLine($"| `{type}` | {100.0 * n / samples:N1} % | {total / (double)count * n / samples:N1} |");
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
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
