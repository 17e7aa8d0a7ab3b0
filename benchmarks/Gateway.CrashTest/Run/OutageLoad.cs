using Gateway.CrashTest.Load;
using Gateway.CrashTest.Report;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>
/// One outage cycle: load; at <c>stopAfter</c> the journal's PostgreSQL gets a fast shutdown under
/// the running gateway; the load goes on while it is down for <c>outage</c> and after it is started
/// again, until <c>/readyz</c> answers 200; then the devices stop, those still sending a refused
/// request again given time to have it taken. The gateway is not restarted: it has to come back by itself.
/// </summary>
public static class OutageLoad
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(120);
    // /readyz can answer 200 while writes still fail: Akka.Persistence's own journal breaker stays
    // open for its reset-timeout (30 s by default) after it opened. Room for that, a PUBACK that
    // waits out gateway.mqtt.puback-timeout (10 s), and a device's next resend (at most 5 s apart).
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(60);

    public static async Task<OutageOutcome> RunAsync(GatewayNode gateway, JournalStore store, IReadOnlyList<CrashDevice> devices, IReadOnlyList<int> seeds,
        TimeSpan stopAfter, TimeSpan outage, TimeSpan pauseMax, CancellationToken ct)
    {
        var logFrom = gateway.LogLength;
        await using var load = await DeviceLoad.StartAsync(gateway, devices, seeds, pauseMax, ct);
        await using var readyz = new ReadinessWatch(gateway.BaseUrl);
        await Task.Delay(stopAfter, ct);

        var stopAt = readyz.Now;
        await store.StopAsync();
        var downAt = readyz.Now;
        var notReady = await readyz.WaitForAsync(503, stopAt, downAt + outage, ct);
        var rest = downAt + outage - readyz.Now;
        if (rest > TimeSpan.Zero)
            await Task.Delay(rest, ct);

        var startAt = readyz.Now;
        var startedUtc = DateTime.UtcNow;
        await store.StartAgainAsync();
        var upAt = readyz.Now;
        var ready = await readyz.WaitForAsync(200, startAt, startAt + ReadyDeadline, ct)
            ?? throw new TimeoutException($"the gateway was not ready again within {ReadyDeadline.TotalSeconds:0} s of PostgreSQL's start; /readyz last: {readyz.Changes[^1]}");
        var drained = await load.StopAsync(Drain);

        var changes = readyz.Changes;
        var figures = new OutageFigures(
            (downAt - stopAt).TotalSeconds,
            notReady is null ? null : notReady.AtS - stopAt.TotalSeconds,
            notReady?.Detail,
            notReady is null ? 0 : changes.Count(c => c.Status == 200 && c.AtS > notReady.AtS && c.AtS < startAt.TotalSeconds),
            (startAt - downAt).TotalSeconds,
            (upAt - startAt).TotalSeconds,
            ready.AtS - startAt.TotalSeconds,
            load.Ledger.LastNotNow is { } last && last > startedUtc ? (last - startedUtc).TotalSeconds : null,
            drained.TotalSeconds,
            changes);
        return new OutageOutcome(load.Ledger, gateway.ErrorsSince(logFrom), figures);
    }
}
