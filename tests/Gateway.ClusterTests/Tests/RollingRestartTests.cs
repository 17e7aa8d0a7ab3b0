using System.Diagnostics;
using System.Text.Json;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// A rolling restart (each node in turn stopped with SIGTERM and started again, as a Deployment
/// update does) while devices keep reporting. The coalescing window is what a crash may lose; a
/// node that leaves flushes it on hand-off, so here every message must be kept: each drone's shadow
/// version counts every telemetry message it sent (each one adds a field of its own, so it changes
/// the shadow even when it arrives after a newer one), its <c>seq</c> is that of the message the
/// cluster received last (a message that overtook another through the shared subscription does
/// not win: each field keeps the value with the latest receive time, which the shadow's metadata
/// shows per field, so the test checks it against every <c>tick_{n}</c>'s time), and every event
/// is in its recent events. Sending order itself is not what the gateway can see: two messages a
/// device sends close together may reach two nodes that stamp them in the other order (a node
/// that has just started is slow to its first messages), which the README states. Two losses are known and allowed, both messages the broker had been
/// acknowledged for: what Akka sharding logs dropping from a region's buffer when a shard hands off
/// ("Dropping [N] buffered messages to shard ... during hand off"), and at most one message per node
/// leaving (in flight in its MQTT session or its region as it stops). Acknowledging QoS 1 messages
/// only once journaled (the next issue) lets the broker send them again; then the allowance goes.
/// Anything else lost, an older value winning, or nodes disagreeing fails the test.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    // Time for the last messages of the pump to reach every drone's actor.
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ARollingRestartOfAllThreeNodesUnderSteadyTelemetryLosesNothing()
    {
        var droppedBefore = DroppedDuringHandOff();
        var drones = Enumerable.Range(0, 4).Select(_ => DeviceRoute.Of("drone", DroneIds.New("rolling"))).ToList();
        await using var pump = await TelemetryPump.StartAsync(Cluster.Broker.Port, drones, Interval);
        foreach (var drone in drones)
            await Cluster.WaitForDeviceAsync(Cluster.Nodes[0], drone, v => v.Find("shadow.reported.seq") is not null, "its first telemetry");

        foreach (var node in Cluster.Nodes)
        {
            await Cluster.StopAsync(node);
            await Cluster.StartAgainAsync(node);
        }
        await pump.StopAsync();

        var sent = pump.Ticks;
        var settled = Stopwatch.StartNew();
        List<string> problems = [];
        var lost = 0;
        foreach (var node in Cluster.Nodes)
        {
            foreach (var drone in drones)
            {
                var view = await SettledViewAsync(node, drone, sent, settled);
                var seq = view.Find("shadow.reported.seq")?.GetInt32();
                var version = view.At("shadow.version").GetInt64();
                if (version < sent && node == Cluster.Nodes[0])
                    lost += (int)(sent - version);
                if (version < sent)
                    problems.Add($"{node}: {drone} is at shadow version {version} after {sent} telemetry messages that each changed it: {sent - version} lost (it shows seq {seq})");
                else if (LaterReceived(view, seq) is { } later)
                    problems.Add($"{node}: {drone} shows seq {seq} (set at {view.At("shadow.metadata.reported.seq.timestamp")}), though tick {later.Tick} was received later, at {later.At:O}: an older message was applied after a newer one");
                var markers = view.At("recent_events").EnumerateArray().Select(e => e.StringAt("payload.marker")).ToHashSet();
                var missing = pump.Events.Where(e => e.Drone == drone && !markers.Contains(e.Marker)).Select(e => e.Marker).ToList();
                if (missing.Count > 0 && node == Cluster.Nodes[0])
                    lost += missing.Count;
                if (missing.Count > 0)
                    problems.Add($"{node}: {drone} lost the events {string.Join(", ", missing)}: {view.At("recent_events")}");
            }
        }
        var dropped = DroppedDuringHandOff() - droppedBefore;
        var allowed = dropped + Cluster.Nodes.Count;
        var onlyKnownLosses = lost <= allowed && problems.All(p => p.Contains(" lost "));
        Assert.True(problems.Count == 0 || onlyKnownLosses, $"after a rolling restart ({lost} lost; allowed {allowed}: {dropped} logged as dropped during hand-off and one per node leaving) under {sent} ticks of telemetry:\n{string.Join('\n', problems)}\n{Cluster.Diagnostics()}");
    }

    /// <summary>
    /// A tick received after the one whose <c>seq</c> the shadow shows, by the receive times the
    /// shadow's metadata keeps for each <c>tick_{n}</c> field (each set by its message alone), or
    /// null when the shown <c>seq</c> is the latest received and its own time says so.
    /// </summary>
    private static (int Tick, DateTimeOffset At)? LaterReceived(JsonElement view, int? seq)
    {
        var metadata = view.At("shadow.metadata.reported");
        var shownAt = metadata.At("seq.timestamp").GetDateTimeOffset();
        if (seq is null || metadata.Find($"tick_{seq}.timestamp")?.GetDateTimeOffset() != shownAt)
            return (seq ?? 0, shownAt);
        foreach (var field in metadata.EnumerateObject().Where(f => f.Name.StartsWith("tick_", StringComparison.Ordinal)))
        {
            var at = field.Value.At("timestamp").GetDateTimeOffset();
            if (at > shownAt)
                return (int.Parse(field.Name["tick_".Length..]), at);
        }
        return null;
    }

    /// <summary>The messages the nodes' shard regions logged as dropped during a hand-off, so far.</summary>
    private int DroppedDuringHandOff() => Cluster.Nodes.Sum(node =>
        System.Text.RegularExpressions.Regex.Matches(node.Process.Logs, @"Dropping \[(\d+)\] buffered messages to shard").Sum(m => int.Parse(m.Groups[1].Value)));

    /// <summary>
    /// The drone's view once it counts every message and shows the latest received, or as it is
    /// once <paramref name="clock"/> (one for all the views) passes the deadline: what it got wrong
    /// is then told apart by the checks above.
    /// </summary>
    private async Task<JsonElement> SettledViewAsync(ClusterNode node, DeviceRoute drone, int sent, Stopwatch clock)
    {
        while (true)
        {
            var view = await Cluster.WaitForDeviceAsync(node, drone, _ => true, "its view");
            if ((view.At("shadow.version").GetInt64() >= sent && LaterReceived(view, view.Find("shadow.reported.seq")?.GetInt32()) is null) || clock.Elapsed > SettleDeadline)
                return view;
            await Task.Delay(200);
        }
    }
}
