using System.Globalization;
using System.Text;
using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Report;

/// <summary>report.md: the headline ratios, the gateway beside mosquitto, commands, and the findings.</summary>
public static class MarkdownReport
{
    public static string Write(RunReport r)
    {
        var md = new StringBuilder();
        var m = r.Machine;
        var o = r.Options;
        Line(md, $"# Gateway load test, {r.StartedAt:yyyy-MM-dd HH:mm} UTC");
        Line(md, $"");
        Line(md, $"Machine: {m.Host}, {m.Cores} cores ({m.CpuModel ?? "unknown CPU"}), {m.MemoryGib} GiB, {m.Os}, {m.Runtime}, SDK {m.DotnetSdk ?? "unknown"}; load average at start {m.LoadAverageAtStart}.");
        Line(md, $"");
        var ackTimeout = o.AckTimeoutMs is { } ack ? $", ack timeout {N(ack, "0")} ms" : "";
        var interval = o.StatePublishIntervalMs is { } spi ? $", state-publish-interval {N(spi, "0")} ms" : "";
        var measuredS = o.DurationS + (o.FloodDurationS ?? 0) + (o.FloodBeforeS ?? 0);
        Line(md, $"Load: {o.Devices} devices ({o.Mix}), {o.DevicesPerConnection} per connection, {o.Rate:0} msg/s offered, QoS {o.Qos}, {measuredS:0} s measured after {o.WarmupS:0} s of warm-up; commands {o.CommandRate:0}/s, {o.IgnoreFraction:P0} ignored by the devices{ackTimeout}{interval}.");
        Line(md, $"");
        if (o.FloodRate is { } flood)
        {
            Line(md, $"Flood: {o.Rate:0} msg/s for {o.FloodBeforeS:0} s before, {flood:0} msg/s for {o.FloodDurationS:0} s, {o.Rate:0} msg/s for {o.DurationS:0} s after; the warm-up at {o.Rate:0} msg/s.{(o.RssLimitMb is { } limit ? $" RSS limit {limit:0} MB." : "")}");
            Line(md, $"");
        }
        Line(md, $"`{r.CommandLine}`");
        Line(md, $"");

        if (r.Ratios is { } x)
        {
            Line(md, $"## Headline: gateway ÷ mosquitto");
            Line(md, $"");
            Line(md, $"| | ratio |");
            Line(md, $"|---|---:|");
            Line(md, $"| delivered msg/s, sustained (below 1: fewer) | {Ratio(x.Throughput)} |");
            Line(md, $"| latency p50 (above 1: slower) | {Ratio(x.LatencyP50)} |");
            Line(md, $"| latency p90 | {Ratio(x.LatencyP90)} |");
            Line(md, $"| latency p99 | {Ratio(x.LatencyP99)} |");
            Line(md, $"| latency p99.9 | {Ratio(x.LatencyP999)} |");
            Line(md, $"");
        }

        var phases = new[] { r.Target, r.Mosquitto }.OfType<PhaseReport>().ToArray();
        Line(md, $"## Telemetry, end to end");
        Line(md, $"");
        Line(md, $"Gateway: device publish to the first state publication reflecting the message (or a later one of the device). Mosquitto: publish to receipt by one subscriber.");
        Line(md, $"");
        Line(md, $"| | {string.Join(" | ", phases.Select(p => $"{p.Name} ({p.Target})"))} |");
        Line(md, $"|---|{string.Concat(phases.Select(_ => "---:|"))}");
        Row(md, "sent msg/s", phases, p => N(p.Telemetry.SentPerSecond, "0"));
        Row(md, "delivered msg/s, seen inside the window", phases, p => N(p.Telemetry.DeliveredPerSecond, "0"));
        Row(md, "publications seen/s", phases, p => N(p.Telemetry.PublicationsPerSecond, "0"));
        Row(md, "mean bytes sent / seen per publication", phases, p => $"{N(p.Telemetry.MeanSentBytes, "0")} / {N(p.Telemetry.MeanPublicationBytes, "0")}");
        Row(md, "sent in window / delivered by the end", phases, p => $"{p.Telemetry.Sent} / {p.Telemetry.Delivered}");
        Row(md, "lost", phases, p => p.Telemetry.Lost.ToString(CultureInfo.InvariantCulture));
        Row(md, "coalesced", phases, p => p.Telemetry.Coalesced.ToString(CultureInfo.InvariantCulture));
        Row(md, "dropped from the schedule / failed publishes (whole phase)", phases, p => $"{p.Telemetry.BehindSchedule} / {p.Telemetry.PublishFailures}");
        Row(md, "latency p50 ms", phases, p => N(p.Telemetry.Latency.P50Ms, "0.000"));
        Row(md, "latency p90 ms", phases, p => N(p.Telemetry.Latency.P90Ms, "0.000"));
        Row(md, "latency p99 ms", phases, p => N(p.Telemetry.Latency.P99Ms, "0.000"));
        Row(md, "latency p99.9 ms", phases, p => N(p.Telemetry.Latency.P999Ms, "0.000"));
        Row(md, "latency max ms", phases, p => N(p.Telemetry.Latency.MaxMs, "0.000"));
        Row(md, "rejected", phases, p => p.Rejected.ToString(CultureInfo.InvariantCulture));
        Row(md, "server CPU, % of one core", phases, p => p.Resources.ServerCpuPercent is { } c ? N(c, "0") : "n/a");
        Row(md, "server peak RSS MB", phases, p => p.Resources.ServerPeakRssMb is { } mb ? N(mb, "0") : "n/a");
        Row(md, "tool CPU, % of one core", phases, p => N(p.Resources.ToolCpuPercent, "0"));
        Row(md, "other processes, cores busy", phases, p => N(p.Resources.OtherProcessesBusyCores, "0.00"));
        Row(md, "load average before → after", phases, p => $"{p.Resources.LoadAverageBefore} → {p.Resources.LoadAverageAfter}");
        Line(md, $"");

        if (r.RssLimit is { } rss)
        {
            var peak = rss.PeakMb is { } mb ? $"{N(mb, "0")} MB" : "unknown";
            Line(md, $"**Peak RSS of the gateway** (the measured window{(o.FloodRate is null ? "" : " and the drain")}): {peak}, {(rss.Within ? "within" : "over")} the limit of {N(rss.LimitMb, "0")} MB (--rss-limit).");
            Line(md, $"");
        }

        FloodMarkdown.Write(md, r);

        if (r.Target?.Commands is { } c)
        {
            Line(md, $"## Commands (HTTP ?wait=true, request to settled reply)");
            Line(md, $"");
            Line(md, $"Issued {c.Issued}; devices received {c.DeliveredToDevices} deliveries (retries included), acknowledged {c.AcknowledgedByDevices}, ignored {c.IgnoredByDevices}; acknowledged but timed out {c.AcknowledgedButTimedOut}, ignored but acknowledged {c.IgnoredButAcknowledged}, errors {c.Errors}, unsettled {c.Unsettled}, skipped {c.Skipped}.");
            Line(md, $"");
            Line(md, $"| outcome | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
            Line(md, $"|---|---:|---:|---:|---:|---:|---:|");
            Latency(md, "acknowledged (200)", c.Acknowledged, c.AcknowledgedLatency);
            Latency(md, "timed out (504)", c.TimedOut, c.TimedOutLatency);
            Line(md, $"");
        }

        Line(md, $"## Findings");
        Line(md, $"");
        if (r.Findings.Count == 0)
            Line(md, $"Nothing unusual.");
        foreach (var finding in r.Findings)
            Line(md, $"- {finding}");
        return md.ToString();
    }

    private static void Latency(StringBuilder md, string outcome, long count, LatencySummary l) =>
        Line(md, $"| {outcome} | {count} | {N(l.P50Ms, "0.0")} | {N(l.P90Ms, "0.0")} | {N(l.P99Ms, "0.0")} | {N(l.P999Ms, "0.0")} | {N(l.MaxMs, "0.0")} |");

    private static void Row(StringBuilder md, string label, IEnumerable<PhaseReport> phases, Func<PhaseReport, string> value) =>
        Line(md, $"| {label} | {string.Join(" | ", phases.Select(value))} |");

    private static string Ratio(double? ratio) => ratio is { } v ? N(v, "0.00") + "×" : "n/a";

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
}
