using System.Text;

namespace Gateway.CrashTest.Report;

/// <summary>report.md's cycles of an outage run: the outage's timings, what the devices and clients were told, and what was checked.</summary>
public static class OutageMarkdown
{
    public static void WriteCycles(StringBuilder md, IReadOnlyList<CycleReport> cycles)
    {
        md.AppendLine("Seconds: PostgreSQL stopped after that much load; `/readyz` 503 that long after the stop began; down for; `/readyz` 200, and the last \"not now\" answer, that long after the start began; the devices then finished what they were sending within (drain). Late: command answers taken after their command had timed out, recorded as `late_acknowledged_at`.");
        md.AppendLine();
        md.AppendLine("| cycle | stopped after | 503 after | down | ready again after | last \"not now\" after | drain | `/readyz` 200 while down | HTTP 503 (with Retry-After) | PUBACK \"not now\" | confirmed after \"not now\" | unanswered | refused in the end | checked (late) | lost | gateway errors logged |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in cycles)
        {
            var o = c.Outage!;
            var http = c.Kinds.Where(k => k.ConfirmedBy is "202" or "200").ToList();
            var pubacks = c.NotNowByCode.Where(p => p.Key.StartsWith("PUBACK ", StringComparison.Ordinal)).Sum(p => p.Value);
            md.AppendLine($"| {c.Cycle} | {c.FaultAfterS:0.00} | {(o.NotReadyAfterS is { } s ? $"{s:0.0}" : "never")} | {o.DownS:0.0} | {o.ReadyAgainAfterS:0.0} | {(o.LastNotNowAfterS is { } l ? $"{l:0.0}" : "none")} | {o.DrainS:0.0} | {o.ReadyWhileDown} "
                + $"| {http.Sum(k => k.RetryLater):N0} ({http.Sum(k => k.RetryAfterGiven):N0}) "
                + $"| {pubacks:N0} "
                + $"| {c.Kinds.Sum(k => k.TakenOnResend):N0} | {c.Kinds.Sum(k => k.Unanswered):N0} | {c.Kinds.Sum(k => k.Refused):N0} | {c.Checked:N0} ({c.LateAnswers:N0}) | {c.Lost:N0} | {c.GatewayErrors:N0} |");
        }
        md.AppendLine();
        md.AppendLine("Readiness detail (the journal check of the first 503) and every change of `/readyz` (seconds of load: status):");
        md.AppendLine();
        foreach (var c in cycles)
        {
            var o = c.Outage!;
            md.AppendLine($"- cycle {c.Cycle}: \"{o.ReadinessDetail ?? "(no 503)"}\"; {string.Join(", ", o.Readiness.Select(r => $"{r.AtS:0.0}: {r.Status?.ToString() ?? "no answer"}"))}");
        }
        md.AppendLine();
        md.AppendLine("\"Not now\" answers by code and reason:");
        md.AppendLine();
        foreach (var c in cycles)
            md.AppendLine($"- cycle {c.Cycle}: {(c.NotNowByCode.Count == 0 ? "none" : string.Join("; ", c.NotNowByCode.Select(p => $"{p.Key} {p.Value:N0}")))}");
    }
}
