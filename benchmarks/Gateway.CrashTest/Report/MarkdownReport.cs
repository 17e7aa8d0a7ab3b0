using System.Text;
using Gateway.CrashTest.Load;

namespace Gateway.CrashTest.Report;

/// <summary>report.md, also printed at the end of a run: totals per kind, the final check, each cycle, and what was lost.</summary>
public static class MarkdownReport
{
    public static string Write(RunReport r)
    {
        var o = r.Options;
        var md = new StringBuilder();
        md.AppendLine($"# Gateway crash cycles, {r.StartedAt:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine($"{o.Cycles} cycles on {o.Store} ({r.Store}), seed {o.Seed}, {o.Devices} devices a cycle (new ones each cycle), kill -9 after {o.KillAfterMinS:0.##} to {o.KillAfterMaxS:0.##} s of load, pauses up to {o.PauseMaxMs:0} ms; {r.DurationS:0} s in all. {r.Machine}.");
        md.AppendLine();
        md.AppendLine($"`{r.CommandLine}`");
        md.AppendLine();
        md.AppendLine($"**{(r.TotalLost == 0 ? "Nothing acknowledged was lost" : $"{r.TotalLost:N0} acknowledged were lost")}**: {r.TotalChecked:N0} confirmations checked after their cycle's restart, and all of them again after the last one{(r.StoppedCleanly ? "" : "; the gateway did not stop cleanly at the end")}.");
        md.AppendLine();
        md.AppendLine("| kind | sent as | confirmed by | sent | confirmed | refused | unanswered (in flight at the kill) | checked | lost |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in r.Totals)
        {
            var kind = CheckKinds.All.First(k => k.Name == t.Kind);
            md.AppendLine($"| {t.Kind} | `{kind.Sent}` | {t.ConfirmedBy} | {t.Sent:N0} | {t.Confirmed:N0} | {t.Refused:N0} | {t.Unanswered:N0} | {t.Checked:N0} | {t.Lost:N0} |");
        }
        md.AppendLine();
        md.AppendLine($"Final check, every cycle's confirmations again after the last restart: {string.Join(", ", r.FinalCheck.Select(c => $"{c.Kind} {c.Checked:N0}/{c.Lost:N0} lost"))}.");
        md.AppendLine();
        md.AppendLine("| cycle | killed after (s) | restart to ready (s) | checked | lost | gateway errors logged before the kill |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var c in r.Cycles)
            md.AppendLine($"| {c.Cycle} | {c.KillAfterS:0.00} | {c.RestartS:0.0} | {c.Checked:N0} | {c.Lost:N0} | {c.GatewayErrorsBeforeKill} |");
        var lost = r.Cycles.SelectMany(c => c.LostExamples.Select(l => $"cycle {c.Cycle}: {l}")).Concat(r.FinalLostExamples.Select(l => $"final check: {l}")).ToList();
        if (lost.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Lost (first of each cycle):");
            md.AppendLine();
            foreach (var line in lost)
                md.AppendLine($"- {line}");
        }
        var refusals = r.Cycles.SelectMany(c => c.Refusals.Select(l => $"cycle {c.Cycle}: {l}")).ToList();
        if (refusals.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Refused (not promised, so not checked; first of each cycle):");
            md.AppendLine();
            foreach (var line in refusals)
                md.AppendLine($"- {line}");
        }
        var errors = r.Cycles.SelectMany(c => c.FirstGatewayErrors.Select(l => $"cycle {c.Cycle}: {l}")).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Errors the gateway logged during the load (first of each cycle; logs in the report folder):");
            md.AppendLine();
            foreach (var line in errors)
                md.AppendLine($"- {line}");
        }
        return md.ToString();
    }
}
