using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.CrashTest.Checks;
using Gateway.CrashTest.Load;
using Gateway.CrashTest.Options;
using Gateway.CrashTest.Report;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>
/// The run: a journal store and a gateway on it; then per cycle new devices, load, kill -9 at the
/// cycle's moment, restart on the same data, and the check of that cycle's confirmations; at the
/// end every cycle's confirmations are checked once more and the gateway is stopped with SIGTERM.
/// </summary>
public static class CrashRun
{
    public static async Task<RunReport> RunAsync(CrashOptions options, string commandLine, string outDir, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var dll = Path.GetFullPath(options.GatewayDll ?? GatewayNode.DefaultDll());
        var workDir = Directory.CreateTempSubdirectory("gateway-crashtest-").FullName;
        var runTag = $"s{options.Seed}";
        var cycles = new List<CycleReport>();
        var everything = new List<Confirmation>();
        try
        {
            await using var store = await JournalStore.OpenAsync(options.Store, workDir);
            await using var gateway = new GatewayNode(dll, store.GatewayArguments, workDir, outDir);
            Console.WriteLine($"crashtest: seed {options.Seed} (--seed {options.Seed} repeats these choices); journal: {store.Description}; gateway {dll}; logs in {outDir}");
            await gateway.StartAsync(ct);
            for (var cycle = 1; cycle <= options.Cycles; cycle++)
            {
                // Every choice of a cycle comes from the seed and the cycle's number, whatever happened before.
                var random = new Random(options.Seed * 7919 + cycle);
                var killAfter = options.KillAfterMin + (options.KillAfterMax - options.KillAfterMin) * random.NextDouble();
                var devices = CrashDevice.Fleet(runTag, cycle, options.Devices);
                var seeds = devices.Select(_ => random.Next()).ToList();

                var (ledger, errors) = await CycleLoad.RunAsync(gateway, devices, seeds, killAfter, options.PauseMax, ct);
                var restart = await gateway.StartAsync(ct);
                using var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
                var confirmed = ledger.Confirmed.ToList();
                var check = await new Verifier(new ApiReader(http)).CheckAsync(confirmed, ct);
                everything.AddRange(confirmed);
                var report = new CycleReport(cycle, killAfter.TotalSeconds, restart.TotalSeconds, check.TotalChecked, check.TotalLost,
                    CheckKinds.All.Select(k => Tally(k, ledger, check)).ToList(), check.LostExamples, ledger.Refusals, errors.Count, errors.First);
                cycles.Add(report);
                Console.WriteLine($"cycle {cycle}/{options.Cycles}: killed after {killAfter.TotalSeconds:0.00} s, ready again in {restart.TotalSeconds:0.0} s; "
                    + $"checked {check.TotalChecked:N0}, lost {check.TotalLost:N0} ({string.Join(", ", report.Kinds.Where(k => k.Confirmed > 0).Select(k => $"{k.Kind} {k.Checked}/{k.Lost}"))})");
            }

            using (var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) })
            {
                var final = await new Verifier(new ApiReader(http)).CheckAsync(everything, ct);
                Console.WriteLine($"final check of all {options.Cycles} cycles after the last restart: checked {final.TotalChecked:N0}, lost {final.TotalLost:N0}");
                var stopped = await gateway.StopAsync();
                var totals = CheckKinds.All.Select(k => KindTally.Sum(cycles.Select(c => c.Kinds.Single(t => t.Kind == k.Name)))).ToList();
                return new RunReport(startedAt, commandLine,
                    new OptionsReport(options.Cycles, options.Store.ToString().ToLowerInvariant(), options.Seed, options.Devices,
                        options.KillAfterMin.TotalSeconds, options.KillAfterMax.TotalSeconds, options.PauseMax.TotalMilliseconds),
                    Machine(), store.Description, dll, clock.Elapsed.TotalSeconds,
                    cycles.Sum(c => c.Checked), cycles.Sum(c => c.Lost) + final.TotalLost,
                    totals, CheckKinds.All.Select(k => new KindCheck(k.Name, final.Checked[k], final.Lost[k])).ToList(), final.LostExamples,
                    cycles, stopped);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a run for.
            }
        }
    }

    public static async Task WriteAsync(RunReport report, string outDir, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport), ct);
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), MarkdownReport.Write(report), ct);
    }

    private static KindTally Tally(CheckKind kind, Ledger ledger, CheckResult check)
    {
        var counts = ledger[kind];
        return new KindTally(kind.Name, kind.ConfirmedBy, counts.Sent, counts.Confirmed, counts.Refused, counts.Unanswered, check.Checked[kind], check.Lost[kind]);
    }

    private static string Machine()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        return $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average at the end {load}";
    }
}
