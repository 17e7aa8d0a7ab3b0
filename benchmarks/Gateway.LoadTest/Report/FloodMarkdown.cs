using System.Globalization;
using System.Text;
using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Report;

/// <summary>report.md's flood section: each phase's stretches, its recovery, and the gateway's seconds.</summary>
public static class FloodMarkdown
{
    public static void Write(StringBuilder md, RunReport r)
    {
        var phases = new[] { r.Target, r.Mosquitto }.OfType<PhaseReport>().Where(p => p.Flood is not null).ToArray();
        if (phases.Length == 0)
            return;
        var qos1 = r.Options.Qos == 1;
        Line(md, $"## Flood: before, flood, after");
        Line(md, $"");
        Line(md, $"The measured window in stretches, then the drain (the publishers stopped; it ends once nothing has arrived for {r.Options.GraceS:0} s). Sent, reflected, not reflected and latency are of the messages sent in the stretch, whenever they were reflected; delivered/s counts the deliveries seen while the stretch lasted, the rate the other side sustained. A state publication holds only the device's latest values, so a message followed by a reflected later one of its device counts as reflected (coalesced) even if it was dropped: not reflected counts the messages after each device's last reflected one.");
        Line(md, $"");
        foreach (var p in phases)
            Stretches(md, p, p.Flood!, qos1);
        if (r.Target?.Flood is { } target)
            Seconds(md, r.Target.Name, target, qos1);
    }

    private static void Stretches(StringBuilder md, PhaseReport p, FloodReport f, bool qos1)
    {
        var s = f.Stretches;
        Line(md, $"### {p.Name} ({p.Target})");
        Line(md, $"");
        Line(md, $"| | {string.Join(" | ", s.Select(x => x.Name))} |");
        Line(md, $"|---|{string.Concat(s.Select(_ => "---:|"))}");
        Row(md, "seconds", s, x => N(x.Seconds, "0.##"));
        Row(md, "asked msg/s", s, x => x.AskedRate is { } a ? N(a, "0") : "–");
        Row(md, "sent msg/s", s, x => Sends(x, () => N(x.SentPerSecond, "0")));
        Row(md, $"delivered ({(p.Name == "gateway" ? "reflected in a state publication" : "relayed")}) msg/s", s, x => N(x.DeliveredPerSecond, "0"));
        Row(md, "sent / reflected by the end", s, x => Sends(x, () => $"{x.Sent} / {x.Reflected}"));
        Row(md, "of those, reflected only by a later message (coalesced)", s, x => Sends(x, () => x.Coalesced.ToString(CultureInfo.InvariantCulture)));
        Row(md, "not reflected", s, x => Sends(x, () => NotReflected(x, qos1)));
        if (qos1)
        {
            Row(md, "acknowledged (PUBACK success)", s, x => Count(x.Acknowledged));
            Row(md, "**acknowledged but lost** (must be 0)", s, x => Count(x.AcknowledgedButLost));
            Row(md, "refused, to be sent again (PUBACK error)", s, x => Count(x.Refused));
            Row(md, "no PUBACK (publish failed)", s, x => Count(x.Unanswered));
        }
        Row(md, "latency p50 / p99 / max ms", s, x => Sends(x, () => Latency(x.Latency)));
        Row(md, "server CPU, % of one core", s, x => x.ServerCpuPercent is { } c ? N(c, "0") : "n/a");
        Row(md, "server peak RSS MB", s, x => x.ServerPeakRssMb is { } mb ? N(mb, "0") : "n/a");
        Line(md, $"");
        var rec = f.Recovery;
        var bound = $"p99 within {N(rec.BoundMs, "0.#")} ms = max(2 × before's p99 {N(rec.BeforeP99Ms, "0.###")} ms, + 50 ms)";
        Line(md, rec.Recovered
            ? $"**Recovery: {N(rec.Seconds ?? 0, "0")} s** after the flood, every later second's {bound}."
            : $"**Recovery: not recovered** within the {N(rec.AfterSeconds, "0")} s measured after the flood ({bound}).");
        if (f.RefusedBy is { Count: > 0 } refused)
            Line(md, $"Refused by reason code: {string.Join(", ", refused.Select(x => $"{x.Key} {x.Value}"))}.");
        Line(md, $"");
    }

    private static void Seconds(StringBuilder md, string phase, FloodReport f, bool qos1)
    {
        Line(md, $"### {phase}, second by second");
        Line(md, $"");
        Line(md, $"Sent, not reflected{(qos1 ? ", refused" : "")}, p50 and p99: the messages sent in that second. Delivered: seen in it. RSS: at its end. (report.json: every phase's seconds.)");
        Line(md, $"");
        Line(md, $"| s | stretch | sent | delivered | not reflected{(qos1 ? " | refused" : "")} | p50 ms | p99 ms | RSS MB |");
        Line(md, $"|---:|---|---:|---:|---:|{(qos1 ? "---:|" : "")}---:|---:|---:|");
        foreach (var x in f.Seconds)
        {
            var refused = qos1 ? $" {x.Refused} |" : "";
            Line(md, $"| {x.Second} | {x.Stretch} | {x.Sent} | {x.Delivered} | {x.NotReflected} |{refused} {Ms(x.P50Ms)} | {Ms(x.P99Ms)} | {(x.ServerRssMb is { } mb ? N(mb, "0") : "–")} |");
        }
        Line(md, $"");
    }

    // QoS 0 in the flood: the gateway drops what its device actors cannot take, on purpose.
    private static string NotReflected(StretchReport x, bool qos1) =>
        qos1 ? x.NotReflected.ToString(CultureInfo.InvariantCulture)
        : x.Lost is { } lost ? $"{lost} lost"
        : $"{x.NotReflected} (QoS 0 may be dropped under overload)";

    private static string Sends(StretchReport x, Func<string> value) => x.AskedRate is null ? "–" : value();

    private static string Count(long? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "–";

    private static string Latency(LatencySummary l) => l.Count == 0 ? "–" : $"{N(l.P50Ms, "0.0")} / {N(l.P99Ms, "0.0")} / {N(l.MaxMs, "0")}";

    private static string Ms(double? ms) => ms is { } v ? N(v, "0.0") : "–";

    private static void Row(StringBuilder md, string label, IEnumerable<StretchReport> stretches, Func<StretchReport, string> value) =>
        Line(md, $"| {label} | {string.Join(" | ", stretches.Select(value))} |");

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));

    private static void Line(StringBuilder md, string text) => md.AppendLine(text);
}
