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
/// The run: a journal store and a gateway on it; then per cycle new devices, load, the fault at the
/// cycle's moment (kill -9 and a restart on the same data, or PostgreSQL stopped and started again
/// under the running gateway), and the check of that cycle's confirmations; at the end every
/// cycle's confirmations are checked once more and the gateway is stopped with SIGTERM.
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
                var faultAfter = options.KillAfterMin + (options.KillAfterMax - options.KillAfterMin) * random.NextDouble();
                var devices = CrashDevice.Fleet(runTag, cycle, options.Devices);
                var seeds = devices.Select(_ => random.Next()).ToList();

                CycleReport report;
                if (options.Fault == FaultKind.Kill)
                {
                    var (ledger, errors) = await KillLoad.RunAsync(gateway, devices, seeds, faultAfter, options.PauseMax, ct);
                    var restart = await gateway.StartAsync(ct);
                    report = await CheckAsync(gateway, cycle, faultAfter, restart, null, ledger, errors, everything, ct);
                    Console.WriteLine($"cycle {cycle}/{options.Cycles}: killed after {faultAfter.TotalSeconds:0.00} s, ready again in {restart.TotalSeconds:0.0} s; "
                        + $"checked {report.Checked:N0}, lost {report.Lost:N0} ({PerKind(report)})");
                }
                else
                {
                    var (ledger, errors, outage) = await OutageLoad.RunAsync(gateway, store, devices, seeds, faultAfter, options.Outage, options.PauseMax, ct);
                    report = await CheckAsync(gateway, cycle, faultAfter, null, outage, ledger, errors, everything, ct);
                    Console.WriteLine(OutageLine(report, options.Cycles, outage));
                }
                cycles.Add(report);
            }

            using (var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) })
            {
                var final = await new Verifier(new ApiReader(http)).CheckAsync(everything, ct);
                var after = options.Fault == FaultKind.Kill ? "the last restart" : "the last outage";
                Console.WriteLine($"final check of all {options.Cycles} cycles after {after}: checked {final.TotalChecked:N0}, lost {final.TotalLost:N0}");
                var stopped = await gateway.StopAsync();
                var totals = CheckKinds.All.Select(k => KindTally.Sum(cycles.Select(c => c.Kinds.Single(t => t.Kind == k.Name)))).ToList();
                return new RunReport(startedAt, commandLine,
                    new OptionsReport(options.Cycles, options.Fault.ToString().ToLowerInvariant(), options.Outage.TotalSeconds,
                        options.Store.ToString().ToLowerInvariant(), options.Seed, options.Devices,
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

    /// <summary>Checks the cycle's confirmations on the gateway that is up again, and adds them to those the final check looks for again.</summary>
    private static async Task<CycleReport> CheckAsync(GatewayNode gateway, int cycle, TimeSpan faultAfter, TimeSpan? restart, OutageFigures? outage,
        Ledger ledger, LoggedErrors errors, List<Confirmation> everything, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var confirmed = ledger.Confirmed.ToList();
        var check = await new Verifier(new ApiReader(http)).CheckAsync(confirmed, ct);
        everything.AddRange(confirmed);
        return new CycleReport(cycle, faultAfter.TotalSeconds, restart?.TotalSeconds, outage, check.TotalChecked, check.TotalLost, check.LateAnswers,
            CheckKinds.All.Select(k => Tally(k, ledger, check)).ToList(), ledger.NotNowByCode, check.LostExamples, ledger.Refusals,
            ledger.NotNowExamples, errors.Count, errors.First);
    }

    private static KindTally Tally(CheckKind kind, Ledger ledger, CheckResult check)
    {
        var counts = ledger[kind];
        return new KindTally(kind.Name, kind.ConfirmedBy, counts.Sent, counts.Confirmed, counts.Refused, counts.Unanswered,
            counts.RetryLater, counts.RetryAfterGiven, counts.TakenOnResend, check.Checked[kind], check.Lost[kind]);
    }

    private static string PerKind(CycleReport report) =>
        string.Join(", ", report.Kinds.Where(k => k.Confirmed > 0).Select(k => $"{k.Kind} {k.Checked}/{k.Lost}"));

    private static string OutageLine(CycleReport r, int cycles, OutageFigures o)
    {
        var http = r.Kinds.Where(k => k.ConfirmedBy is "202" or "200").ToList();
        var mqtt = r.Kinds.Except(http).ToList();
        return $"cycle {r.Cycle}/{cycles}: PostgreSQL stopped after {r.FaultAfterS:0.00} s of load; /readyz 503 "
            + (o.NotReadyAfterS is { } notReady ? $"{notReady:0.0} s after the stop (\"{o.ReadinessDetail}\")" : "never while it was down")
            + $"; down {o.DownS:0.0} s; ready again {o.ReadyAgainAfterS:0.0} s after its start"
            + (o.LastNotNowAfterS is { } last ? $", last \"not now\" {last:0.0} s after it; " : "; ")
            + $"HTTP 503 {http.Sum(k => k.RetryLater):N0} ({http.Sum(k => k.RetryAfterGiven):N0} with Retry-After), "
            + $"PUBACK not taken {mqtt.Sum(k => k.RetryLater):N0}, taken on resend {r.Kinds.Sum(k => k.TakenOnResend):N0}, "
            + $"no answer {r.Kinds.Sum(k => k.Unanswered):N0}, refused in the end {r.Kinds.Sum(k => k.Refused):N0}; "
            + $"gateway errors logged {r.GatewayErrors:N0}; checked {r.Checked:N0} ({r.LateAnswers:N0} command answers recorded late), lost {r.Lost:N0} ({PerKind(r)})";
    }

    private static string Machine()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        return $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average at the end {load}";
    }
}
