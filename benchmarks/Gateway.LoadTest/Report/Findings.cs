using System.Globalization;

namespace Gateway.LoadTest.Report;

/// <summary>
/// Plain sentences about what in a run deserves a look: the publishers not holding the rate (so
/// the tool, not the target, was the limit), refusals of valid payloads, losses, commands that
/// ended other than intended, other processes competing for the cores, and in a flood run what
/// the overload requirement asks: nothing acknowledged lost, latency back after the flood, memory
/// within --rss-limit.
/// </summary>
public static class Findings
{
    public static IReadOnlyList<string> Of(PhaseReport target, PhaseReport? baseline, bool coalescingConfigured, TimeSpan? ackTimeout,
        IEnumerable<string> serverNotes, RssCheck? rss)
    {
        var notes = new List<string>();
        if (baseline is not null)
            Phase(baseline, null, notes, coalescingConfigured, ackTimeout);
        Phase(target, baseline, notes, coalescingConfigured, ackTimeout);
        if (rss is { Within: false })
            notes.Add(F($"{target.Name}: peak resident memory {(rss.PeakMb is { } peak ? $"{peak:0} MB" : "unknown")}, over the limit of {rss.LimitMb:0} MB (--rss-limit)."));
        notes.AddRange(serverNotes);
        return notes;
    }

    private static void Phase(PhaseReport p, PhaseReport? baseline, List<string> notes, bool coalescingConfigured, TimeSpan? ackTimeout)
    {
        var t = p.Telemetry;
        var name = p.Name;
        if (t.SentPerSecond < p.TargetRate * 0.95)
        {
            // QoS 0 publishing blocks only on the socket, so a target that reads slowly pushes back
            // on the publishers; the baseline, with the same publishers, tells the two apart.
            var why = baseline is { } b && b.Telemetry.SentPerSecond >= b.TargetRate * 0.95
                ? "the same publishers held the rate against mosquitto, so the target pushed back (it read its sockets too slowly)"
                : "the tool or the machine was the limit";
            notes.Add(F($"{name}: the publishers sent {t.SentPerSecond:0} msg/s of the {p.TargetRate:0} asked for ({t.BehindSchedule} messages dropped from the schedule, {t.PublishFailures} failed): {why}."));
        }
        if (t.Lost > 0)
            notes.Add(F($"{name}: {t.Lost} of {t.Sent} messages ({100.0 * t.Lost / Math.Max(1, t.Sent):0.###} %) sent in the window were never seen delivered."));
        if (t.Coalesced > 0 && !coalescingConfigured)
            notes.Add(F($"{name}: {t.Coalesced} messages were reflected only by a state publication of a later message of the same device although no state-publish-interval was set: state publications were dropped on the way to the observer (QoS 0, the broker's per-client queue)."));
        if (p.Rejected > 0)
            notes.Add(F($"{name}: the gateway refused {p.Rejected} messages the tool sends as valid; first: {p.RejectionSamples.FirstOrDefault()}"));
        if (t.UnmarkedPublications > 0)
            notes.Add(F($"{name}: {t.UnmarkedPublications} publications on the observed topics carried no mark of the tool (e.g. a state publication before the device's first telemetry)."));
        if (p.Commands is { } c)
        {
            if (c.AcknowledgedButTimedOut > 0)
                notes.Add(F($"{name}: {c.AcknowledgedButTimedOut} commands the devices acknowledged still ended timed out (504): the acknowledgement reached the device actor after the ack timeout{(ackTimeout is { } a ? $" of {a.TotalMilliseconds:0} ms" : "")} on every attempt, i.e. the gateway queued it that long."));
            if (c.IgnoredButAcknowledged > 0)
                notes.Add(F($"{name}: {c.IgnoredButAcknowledged} commands the devices ignored ended acknowledged (200)."));
            if (c.Errors > 0)
                notes.Add(F($"{name}: {c.Errors} commands failed; first: {c.ErrorSamples.FirstOrDefault()}"));
            if (c.Unsettled > 0)
                notes.Add(F($"{name}: {c.Unsettled} commands had no answer by the end."));
            if (c.Skipped > 0)
                notes.Add(F($"{name}: {c.Skipped} commands were not sent because too many were waiting for an answer."));
            if (c.UnreadableByDevices > 0)
                notes.Add(F($"{name}: the devices could not read {c.UnreadableByDevices} commands."));
        }
        if (p.Flood is { } flood)
            Flood(name, flood, notes);
        var r = p.Resources;
        if (r.OtherProcessesBusyCores >= 0.25)
            notes.Add(F($"{name}: other processes kept {r.OtherProcessesBusyCores:0.00} of {Environment.ProcessorCount} cores busy during the window (load average {r.LoadAverageBefore} before, {r.LoadAverageAfter} after): the figures are pessimistic."));
    }

    private static void Flood(string name, FloodReport flood, List<string> notes)
    {
        foreach (var s in flood.Stretches)
        {
            if (s.AcknowledgedButLost > 0)
                notes.Add(F($"{name} {s.Name}: {s.AcknowledgedButLost} messages acknowledged (PUBACK success) were never reflected: acknowledged but lost."));
            if (s.AskedRate is { } asked && s.SentPerSecond < asked * 0.95)
                notes.Add(F($"{name} {s.Name}: the publishers sent {s.SentPerSecond:0} msg/s of the {asked:0} asked for."));
        }
        var recovery = flood.Recovery;
        if (!recovery.Recovered)
            notes.Add(F($"{name}: latency did not recover within the {recovery.AfterSeconds:0} s after the flood (p99 bound {recovery.BoundMs:0.#} ms)."));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
