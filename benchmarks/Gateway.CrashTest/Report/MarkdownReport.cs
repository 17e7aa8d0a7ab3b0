using System.Text;
using Gateway.CrashTest.Load;

namespace Gateway.CrashTest.Report;

/// <summary>report.md, also printed at the end of a run: totals per kind, the final check, each cycle, and what was lost.</summary>
public static class MarkdownReport
{
    public static string Write(RunReport r)
    {
        var o = r.Options;
        var outage = o.Fault == "outage";
        var fault = outage
            ? $"PostgreSQL stopped (fast shutdown) under the running gateway after {o.KillAfterMinS:0.##} to {o.KillAfterMaxS:0.##} s of load, for {o.OutageS:0.#} s, then started again"
            : $"kill -9 after {o.KillAfterMinS:0.##} to {o.KillAfterMaxS:0.##} s of load";
        var recovery = outage ? "recovery" : "restart";
        var md = new StringBuilder();
        md.AppendLine($"# Gateway {(outage ? "journal outage" : "crash")} cycles, {r.StartedAt:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine($"{o.Cycles} cycles on {o.Store} ({r.Store}), seed {o.Seed}, {o.Devices} devices a cycle (new ones each cycle), {fault}, pauses up to {o.PauseMaxMs:0} ms; {r.DurationS:0} s in all. {r.Machine}.");
        md.AppendLine();
        md.AppendLine($"`{r.CommandLine}`");
        md.AppendLine();
        md.AppendLine($"**{(r.TotalLost == 0 ? "Nothing acknowledged was lost" : $"{r.TotalLost:N0} acknowledged were lost")}**: {r.TotalChecked:N0} confirmations checked after their cycle's {recovery}, and all of them again after the last one{(r.StoppedCleanly ? "" : "; the gateway did not stop cleanly at the end")}.");
        md.AppendLine();
        md.AppendLine("| kind | sent as | confirmed by | sent | confirmed | refused | unanswered | \"not now\" answers (HTTP 503, PUBACK 0x80/0x97) | of them with Retry-After | confirmed after \"not now\" | checked | lost |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in r.Totals)
        {
            var kind = CheckKinds.All.First(k => k.Name == t.Kind);
            md.AppendLine($"| {t.Kind} | `{kind.Sent}` | {t.ConfirmedBy} | {t.Sent:N0} | {t.Confirmed:N0} | {t.Refused:N0} | {t.Unanswered:N0} | {t.RetryLater:N0} | {t.RetryAfterGiven:N0} | {t.TakenOnResend:N0} | {t.Checked:N0} | {t.Lost:N0} |");
        }
        md.AppendLine();
        md.AppendLine("A request ends once, however often it was sent again: confirmed, refused (an error answer, or \"not now\" with no resend left) or unanswered (in flight at a kill, timed out, or cut off when the load stopped). Only the confirmed are checked.");
        md.AppendLine();
        md.AppendLine($"Final check, every cycle's confirmations again after the last {recovery}: {string.Join(", ", r.FinalCheck.Select(c => $"{c.Kind} {c.Checked:N0}/{c.Lost:N0} lost"))}.");
        md.AppendLine();
        if (outage)
            OutageMarkdown.WriteCycles(md, r.Cycles);
        else
        {
            md.AppendLine("| cycle | killed after (s) | restart to ready (s) | checked | lost | gateway errors logged before the kill |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var c in r.Cycles)
                md.AppendLine($"| {c.Cycle} | {c.FaultAfterS:0.00} | {c.RestartS:0.0} | {c.Checked:N0} | {c.Lost:N0} | {c.GatewayErrors} |");
        }
        var lost = r.Cycles.SelectMany(c => c.LostExamples.Select(l => $"cycle {c.Cycle}: {l}")).Concat(r.FinalLostExamples.Select(l => $"final check: {l}")).ToList();
        List("Lost (first of each cycle):", lost, md);
        List("\"Not now\" answers (sent again later; first of each cycle):", r.Cycles.SelectMany(c => c.NotNowExamples.Select(l => $"cycle {c.Cycle}: {l}")), md);
        List("Refused (not promised, so not checked; first of each cycle):", r.Cycles.SelectMany(c => c.Refusals.Select(l => $"cycle {c.Cycle}: {l}")), md);
        List("Errors the gateway logged during the load (first of each cycle; logs in the report folder):",
            r.Cycles.SelectMany(c => c.FirstGatewayErrors.Select(l => $"cycle {c.Cycle}: {l}")), md);
        return md.ToString();
    }

    private static void List(string title, IEnumerable<string> lines, StringBuilder md)
    {
        var all = lines.ToList();
        if (all.Count == 0)
            return;
        md.AppendLine();
        md.AppendLine(title);
        md.AppendLine();
        foreach (var line in all)
            md.AppendLine($"- {line}");
    }
}
